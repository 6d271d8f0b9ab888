"use client";

import { usePathname } from "next/navigation";
import { TabNav } from "@/components/ui/tabs";

export function InboxTabs({ id }: { id: string }) {
  const pathname = usePathname();
  const base = `/settings/inboxes/${id}`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/configuration`, label: "Configuration" },
    { href: `${base}/collaborators`, label: "Collaborators" },
    { href: `${base}/history`, label: "History" },
  ];
  return <TabNav label="Inbox settings" items={tabs.map((t) => ({ ...t, active: pathname === t.href }))} />;
}
