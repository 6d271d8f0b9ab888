"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CircleUser, Code2, Inbox, Tag, Users, UsersRound, Workflow, type LucideIcon } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/lib/access/actor";

type Item = { href: string; label: string; icon: LucideIcon };

function groups(role: Role): { title: string; items: Item[] }[] {
  const account = {
    title: "Account",
    items: [
      { href: "/profile", label: "Profile", icon: CircleUser },
      { href: "/settings/api", label: "REST API", icon: Code2 },
    ],
  };
  if (role !== "administrator") {
    return [{ title: "Workspace", items: [{ href: "/settings/inboxes", label: "My inboxes", icon: Inbox }] }, account];
  }
  return [
    {
      title: "Workspace",
      items: [
        { href: "/settings/inboxes", label: "Inboxes", icon: Inbox },
        { href: "/settings/agents", label: "Agents", icon: Users },
        { href: "/settings/teams", label: "Teams", icon: UsersRound },
        { href: "/settings/labels", label: "Labels", icon: Tag },
        { href: "/settings/automation", label: "Automation", icon: Workflow },
      ],
    },
    account,
  ];
}

export function SettingsNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex w-56 shrink-0 flex-col gap-5 overflow-y-auto border-r border-border bg-surface px-3 py-5">
      <p className="px-2 text-lg font-semibold text-fg">Settings</p>
      {groups(role).map((group) => (
        <div key={group.title} className="flex flex-col gap-0.5">
          <p className="px-2 pb-1 text-xs font-medium text-fg-subtle">{group.title}</p>
          {group.items.map(({ href, label, icon: Icon }) => {
            const active = pathname === href || pathname.startsWith(href + "/");
            return (
              <Link
                key={href}
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex h-8 items-center gap-2 rounded-md px-2 text-base text-fg-muted transition-colors hover:bg-hover hover:text-fg",
                  active && "bg-active font-medium text-fg hover:bg-active",
                )}
              >
                <Icon aria-hidden className="size-4 shrink-0" />
                {label}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
