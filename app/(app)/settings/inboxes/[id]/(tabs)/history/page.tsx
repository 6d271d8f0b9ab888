import { HistoryList } from "../../../_components/history-list";
import { loadInbox } from "../../../_components/load-inbox";

export default async function InboxHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  return <HistoryList inboxId={inbox.id} channelType={inbox.channelType} actor={actor} />;
}
