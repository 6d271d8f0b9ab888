import { CollaboratorsForm } from "../../../_components/collaborators-form";
import { loadCollaborators, loadInbox } from "../../../_components/load-inbox";

export default async function InboxCollaboratorsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { inbox } = await loadInbox(id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  const data = await loadCollaborators(id);
  return <CollaboratorsForm inboxId={id} mode="settings" {...data} />;
}
