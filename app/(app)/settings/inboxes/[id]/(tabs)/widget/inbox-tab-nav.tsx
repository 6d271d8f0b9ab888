"use client";

import { usePathname } from "next/navigation";
import { TabNav } from "@/components/ui/tabs";

/**
 * The client half of ../inbox-tabs.tsx: the layout stays mounted across tabs, so the active tab
 * follows the pathname here. (It lives in widget/ because the Widget tab is what made the tab
 * list depend on the inbox's channel, which only the server knows.)
 */
export function InboxTabNav({ tabs }: { tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return <TabNav label="Inbox settings" items={tabs.map((t) => ({ ...t, active: pathname === t.href }))} />;
}
