"use client";

import Link from "next/link";
import { forwardRef } from "react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { PriorityMark } from "@/components/conversations/priority-mark";
import { LabelChips } from "@/components/labels/label-chip";
import { StatusBadge } from "@/components/status-badge";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { Time } from "./time";
import { contactDisplayName, type ConversationListItem } from "./types";

type Props = {
  conversation: ConversationListItem;
  href: string;
  selected: boolean;
  /** Arrived live: slides in. */
  fresh: boolean;
  showStatus: boolean;
};

export const ConversationRow = forwardRef<HTMLAnchorElement, Props>(function ConversationRow(
  { conversation: c, href, selected, fresh, showStatus },
  ref,
) {
  const name = contactDisplayName(c.contact);
  return (
    <li className={cn(fresh && "animate-row-in")}>
      <Link
        ref={ref}
        href={href}
        prefetch={false}
        data-conversation-row=""
        data-number={c.number}
        aria-current={selected ? "page" : undefined}
        className={cn(
          "relative grid h-19 grid-cols-[0.75rem_minmax(0,1fr)_auto] grid-rows-[1.25rem_1.125rem_1.125rem] content-center gap-x-1.5 gap-y-0.5 border-b border-border/70 py-2 pr-3 pl-2 transition-colors",
          "focus-ring-inset hover:bg-hover focus-visible:bg-hover",
          selected && "bg-accent-soft hover:bg-accent-soft",
          selected && "before:absolute before:inset-y-0 before:left-0 before:w-0.5 before:bg-accent",
        )}
      >
        <span className="flex items-center justify-center">
          {c.unread && (
            <>
              <span aria-hidden className="size-2 rounded-full bg-accent" />
              <span className="sr-only">Unread, </span>
            </>
          )}
        </span>
        <span className={cn("truncate text-base", c.unread ? "font-semibold text-fg" : "font-medium text-fg")}>{name}</span>
        <Time
          value={c.lastActivityAt}
          format="relative-short"
          className={cn("text-right text-xs tabular-nums", c.unread ? "font-medium text-accent-text" : "text-fg-subtle")}
        />

        <span />
        <span className="flex min-w-0 items-center gap-1.5 text-xs text-fg-muted">
          <ChannelIcon type={c.inbox.channelType} size="xs" decorative />
          <span className="truncate">{c.inbox.name}</span>
          <span className="shrink-0 text-fg-subtle tabular-nums">#{c.number}</span>
          <PriorityMark priority={c.priority} />
          {showStatus && <StatusBadge status={c.status} className="ml-0.5 h-4 px-1 text-2xs" />}
          {/* In the fixed-height metadata line, so labels arriving never move the row. */}
          <LabelChips labels={c.labels} max={2} size="sm" className="ml-auto max-w-[60%] shrink-0 pl-1" />
        </span>
        <span className="row-span-2 flex items-end justify-end">
          {c.assignee && <Avatar name={c.assignee.name ?? "Agent"} size="xs" />}
        </span>

        <span />
        <span className={cn("truncate text-sm", c.unread ? "text-fg" : "text-fg-subtle")}>
          {c.lastMessagePreview || <span className="italic">No messages yet</span>}
        </span>
      </Link>
    </li>
  );
});

export function ConversationRowSkeleton() {
  return (
    <li aria-hidden className="grid h-19 grid-cols-[0.75rem_minmax(0,1fr)_auto] content-center gap-x-1.5 gap-y-1.5 border-b border-border/70 py-2 pr-3 pl-2">
      <span />
      <Skeleton className="h-3.5 w-32" />
      <Skeleton className="h-3 w-6" />
      <span />
      <Skeleton className="h-3 w-24" />
      <span />
      <span />
      <Skeleton className="h-3 w-52" />
      <span />
    </li>
  );
}
