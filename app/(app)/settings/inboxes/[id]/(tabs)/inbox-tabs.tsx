import { loadInbox } from "../../_components/load-inbox";
import { InboxTabNav } from "./widget/inbox-tab-nav";

/** The inbox settings tabs; website inboxes get a "Widget" tab. loadInbox is cached per request (the layout already loaded it). */
export async function InboxTabs({ id }: { id: string }) {
  const { inbox } = await loadInbox(id);
  const base = `/settings/inboxes/${id}`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/configuration`, label: "Configuration" },
    ...(inbox.channelType === "website" ? [{ href: `${base}/widget`, label: "Widget" }] : []),
    { href: `${base}/collaborators`, label: "Collaborators" },
    { href: `${base}/automation`, label: "Automation" },
    { href: `${base}/history`, label: "History" },
  ];
  return <InboxTabNav tabs={tabs} />;
}
