"use client";

import { Inbox, LogOut, MessagesSquare, Settings, User } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { signOutAction } from "./actions";
import { Logo } from "./logo";

type Props = { user: { name: string; email: string; role: "administrator" | "agent" } };

export function AppRail({ user }: Props) {
  const pathname = usePathname();
  const items = [
    { href: "/conversations", label: "Conversations", icon: MessagesSquare, sections: ["/conversations"] },
    user.role === "administrator"
      ? { href: "/settings", label: "Settings", icon: Settings, sections: ["/settings", "/profile"] }
      : { href: "/settings/inboxes", label: "My inboxes", icon: Inbox, sections: ["/settings", "/profile"] },
  ];
  return (
    <nav aria-label="Main" className="flex w-13 shrink-0 flex-col items-center gap-1 border-r border-border bg-surface py-3">
      <Link href="/conversations" className="mb-3 rounded-lg focus-visible:outline-2 focus-visible:outline-ring" aria-label="Konversio home">
        <Logo />
      </Link>
      {items.map(({ href, label, icon: Icon, sections }) => {
        const active = sections.some((s) => pathname === s || pathname.startsWith(s + "/"));
        return (
          <Tooltip key={href} content={label} side="right">
            <Link
              href={href}
              aria-label={label}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex size-9 items-center justify-center rounded-md text-fg-muted transition-colors hover:bg-hover hover:text-fg focus-visible:outline-2 focus-visible:outline-ring",
                active && "bg-accent-soft text-accent-text hover:bg-accent-soft hover:text-accent-text",
              )}
            >
              <Icon className="size-[18px]" aria-hidden />
            </Link>
          </Tooltip>
        );
      })}
      <div className="flex-1" />
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <button type="button" aria-label={`Account: ${user.name}`} className="rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring">
            <Avatar name={user.name} size="md" />
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent side="right" align="end">
          <DropdownMenuLabel>
            <div className="font-medium text-fg">{user.name}</div>
            <div className="text-xs font-normal text-fg-muted">{user.email}</div>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/profile">
              <User aria-hidden /> Profile
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void signOutAction()}>
            <LogOut aria-hidden /> Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </nav>
  );
}
