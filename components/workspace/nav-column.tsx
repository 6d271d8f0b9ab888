"use client";

import { Archive, Inbox, Layers, User, Users } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { ClosedMark } from "@/components/inboxes/open-state";
import { LabelDot } from "@/components/labels/label-chip";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { useFilters, type View } from "./filters";
import type { Counts } from "./types";
import { useConversationList } from "./use-conversation-list";
import { useLabels } from "./use-labels";
import type { StreamState } from "./use-event-stream";
import { useWorkspace } from "./workspace-context";

const numberFormat = new Intl.NumberFormat();

const VIEWS: { view: View; label: string; icon: ReactNode }[] = [
  { view: "mine", label: "Mine", icon: <User aria-hidden /> },
  { view: "unassigned", label: "Unassigned", icon: <Inbox aria-hidden /> },
  { view: "all", label: "All", icon: <Layers aria-hidden /> },
];

export function NavColumn({ streamState }: { streamState: StreamState }) {
  const { me, inboxes, deletedInboxes, teams } = useWorkspace();
  const { filters, listHref } = useFilters();
  const list = useConversationList(filters);
  const counts: Counts | undefined = list.data?.pages[0]?.counts;
  const isAdmin = me.role === "administrator";
  const labels = useLabels();

  return (
    <nav aria-label="Conversation views" className="flex w-55 shrink-0 flex-col border-r border-border bg-surface">
      <div className="flex h-12 shrink-0 items-center px-4">
        <h1 className="text-base font-semibold">Conversations</h1>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        <ul className="flex flex-col gap-px">
          {VIEWS.map(({ view, label, icon }) => (
            <li key={view}>
              <NavLink href={listHref({ view })} active={filters.view === view} icon={icon}>
                {label}
                <span
                  data-testid={`count-${view}`}
                  className="ml-auto text-sm text-fg-subtle tabular-nums"
                >
                  {counts ? numberFormat.format(counts[view]) : <Skeleton className="h-3 w-4" />}
                </span>
              </NavLink>
            </li>
          ))}
        </ul>

        <Section title="Inboxes">
          {inboxes.length === 0 && <p className="px-2 py-1 text-sm text-fg-subtle">No inboxes yet</p>}
          {inboxes.map((inbox) => {
            const active = filters.inbox === inbox.id;
            return (
              <li key={inbox.id}>
                <NavLink
                  href={listHref({ inbox: active ? null : inbox.id, team: null, deleted: false })}
                  active={active}
                  icon={<ChannelIcon type={inbox.channelType} size="xs" />}
                  title={inbox.name}
                >
                  <span className="truncate">{inbox.name}</span>
                  <ClosedMark hours={inbox.businessHours} />
                  {inbox.status === "error" && (
                    <span role="img" aria-label="Needs attention" title="Needs attention" className="ml-auto size-1.5 shrink-0 rounded-full bg-warning" />
                  )}
                </NavLink>
              </li>
            );
          })}
          {isAdmin && (
            <li>
              <NavLink
                href={listHref({ deleted: !filters.deleted, inbox: null, team: null, status: filters.deleted ? "open" : "all" })}
                active={filters.deleted}
                icon={<Archive aria-hidden />}
              >
                Deleted inboxes
              </NavLink>
              {(filters.deleted || deletedInboxes.some((i) => i.id === filters.inbox)) && deletedInboxes.length > 0 && (
                <ul className="mt-px flex flex-col gap-px pl-4">
                  {deletedInboxes.map((inbox) => (
                    <li key={inbox.id}>
                      <NavLink
                        href={listHref({ inbox: inbox.id, team: null, deleted: false, status: "all" })}
                        active={filters.inbox === inbox.id}
                        icon={<ChannelIcon type={inbox.channelType} size="xs" />}
                        title={inbox.name}
                      >
                        <span className="truncate">{inbox.name}</span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          )}
        </Section>

        {teams.length > 0 && (
          <Section title="Teams">
            {teams.map((team) => {
              const active = filters.team === team.id;
              return (
                <li key={team.id}>
                  <NavLink
                    href={listHref({ team: active ? null : team.id, inbox: null, deleted: false })}
                    active={active}
                    icon={<Users aria-hidden />}
                    title={team.name}
                  >
                    <span className="truncate">{team.name}</span>
                  </NavLink>
                </li>
              );
            })}
          </Section>
        )}

        {(labels.data?.length ?? 0) > 0 && (
          <Section title="Labels">
            {labels.data!.map((label) => {
              const active = filters.label === label.id;
              return (
                <li key={label.id}>
                  <NavLink
                    href={listHref({ label: active ? null : label.id })}
                    active={active}
                    icon={<span className="grid size-4 shrink-0 place-items-center"><LabelDot color={label.color} /></span>}
                    title={label.description ? `${label.name} — ${label.description}` : label.name}
                  >
                    <span className="truncate">{label.name}</span>
                    {label.openCount > 0 && (
                      <span data-testid="label-open-count" className="ml-auto text-sm text-fg-subtle tabular-nums">
                        {numberFormat.format(label.openCount)}
                      </span>
                    )}
                  </NavLink>
                </li>
              );
            })}
          </Section>
        )}
      </div>
      <StreamIndicator state={streamState} />
    </nav>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-5">
      <h2 className="px-2 pb-1 text-2xs font-semibold tracking-wide text-fg-subtle uppercase">{title}</h2>
      <ul className="flex flex-col gap-px">{children}</ul>
    </div>
  );
}

function NavLink({
  href,
  active,
  icon,
  title,
  children,
}: {
  href: string;
  active: boolean;
  icon: ReactNode;
  title?: string;
  children: ReactNode;
}) {
  return (
    <Link
      href={href}
      title={title}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-7 items-center gap-2 rounded-md px-2 text-base text-fg-muted transition-colors focus-ring-inset hover:bg-hover hover:text-fg",
        "[&>svg]:size-4 [&>svg]:shrink-0 [&>svg]:text-fg-subtle",
        active && "bg-active font-medium text-fg [&>svg]:text-fg-muted",
      )}
    >
      {icon}
      {children}
    </Link>
  );
}

const streamLabels: Record<StreamState, string> = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Reconnecting…",
};

function StreamIndicator({ state }: { state: StreamState }) {
  return (
    <div className="flex h-9 shrink-0 items-center gap-2 border-t border-border px-4 text-xs text-fg-subtle" role="status">
      <span
        aria-hidden
        className={cn("size-1.5 rounded-full", state === "live" ? "bg-success" : state === "offline" ? "bg-warning" : "bg-fg-disabled")}
      />
      {state === "live" ? "Live updates on" : streamLabels[state]}
    </div>
  );
}
