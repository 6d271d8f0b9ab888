"use client";

import { Bell, BellOff, Inbox, LogOut, MessagesSquare, Settings, User } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useToast } from "@/components/ui/toast";
import { Tooltip } from "@/components/ui/tooltip";
import { setAvailabilityAction, signOutAction } from "./actions";
import { notificationPermission } from "./assignment-notifier";
import { Logo } from "./logo";
import { AVAILABILITY_LABELS, PresenceDot, type PresenceValue } from "./presence-dot";

type Props = { user: { name: string; email: string; role: "administrator" | "agent"; availability: PresenceValue } };

const AVAILABILITY_HINTS: Record<PresenceValue, string> = {
  online: "Auto-assignment may give you conversations",
  busy: "You keep your conversations, and get no new ones",
  offline: "Shown as away; nothing new is assigned",
};

export function AppRail({ user }: Props) {
  const pathname = usePathname();
  const { toast } = useToast();
  const [availability, setAvailability] = useState<PresenceValue>(user.availability);
  const choose = async (next: string) => {
    const previous = availability;
    setAvailability(next as PresenceValue);
    const result = await setAvailabilityAction({ availability: next });
    if (!result.ok) {
      setAvailability(previous);
      toast({ title: "Availability not changed", description: result.error, variant: "danger" });
    }
    return result.ok;
  };
  // ⇧B anywhere in the app: busy ↔ online (offline also comes back online). Ignored while typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || !e.shiftKey || e.key.toLowerCase() !== "b") return;
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      const next = availability === "busy" ? "online" : "busy";
      void choose(next).then((ok) => ok && toast({ title: next === "busy" ? "You're busy: no new conversations" : "You're online" }));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });
  // Read once on the client: the menu that shows it renders only when opened, after hydration.
  const [permission, setPermission] = useState(notificationPermission);
  const askForNotifications = async () => {
    if (permission === "unsupported") return;
    setPermission(await Notification.requestPermission());
  };
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
          <button
            type="button"
            aria-label={`Account: ${user.name}, ${AVAILABILITY_LABELS[availability].toLowerCase()}`}
            data-testid="account-menu"
            className="relative rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          >
            <Avatar name={user.name} size="md" />
            <PresenceDot presence={availability} className="absolute -right-0.5 -bottom-0.5" />
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent side="right" align="end">
          <DropdownMenuLabel>
            <div className="font-medium text-fg">{user.name}</div>
            <div className="text-xs font-normal text-fg-muted">{user.email}</div>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuLabel>Availability</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={availability} onValueChange={(v) => void choose(v)}>
            {(["online", "busy", "offline"] as const).map((value) => (
              <DropdownMenuRadioItem key={value} value={value} className="h-auto items-start py-1.5">
                <PresenceDot presence={value} className="mt-1.5 ring-0" />
                <span className="flex flex-col">
                  <span className="flex items-center justify-between gap-3">
                    {AVAILABILITY_LABELS[value]}
                    {value === "busy" && <kbd className="font-sans text-xs text-fg-subtle">⇧B</kbd>}
                  </span>
                  <span className="text-xs leading-4 text-fg-muted">{AVAILABILITY_HINTS[value]}</span>
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          {permission !== "unsupported" && (
            <DropdownMenuItem
              icon={permission === "granted" ? <Bell aria-hidden /> : <BellOff aria-hidden />}
              disabled={permission !== "default"}
              onSelect={() => void askForNotifications()}
              data-testid="desktop-notifications"
            >
              {permission === "granted"
                ? "Desktop notifications on"
                : permission === "denied"
                  ? "Notifications blocked by the browser"
                  : "Turn on desktop notifications"}
            </DropdownMenuItem>
          )}
          <DropdownMenuItem asChild>
            <Link href="/profile">
              <User aria-hidden /> Profile
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem icon={<LogOut aria-hidden />} onSelect={() => void signOutAction()}>
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </nav>
  );
}
