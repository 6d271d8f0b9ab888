"use client";

import { Check, ChevronDown, UserMinus, UserPlus, Users } from "lucide-react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { StatusBadge } from "@/components/status-badge";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { PresenceAvatar, PresenceText } from "@/components/presence/presence-avatar";
import { usePresence } from "@/components/shell/use-presence";
import type { ConversationPatch } from "./api";
import { LabelPicker } from "./label-picker";
import { StatusActions } from "./status-actions";
import { formatFull, Time } from "./time";
import { contactDisplayName, type AssignmentOptions, type ConversationDetail, type Me } from "./types";

type Props = {
  conversation: ConversationDetail;
  options: AssignmentOptions | undefined;
  me: Me;
  assignOpen: boolean;
  onAssignOpenChange: (open: boolean) => void;
  onChange: (patch: ConversationPatch) => void;
};

export function ThreadHeader({ conversation: c, options, me, assignOpen, onAssignOpenChange, onChange }: Props) {
  const readOnly = !c.canReply;
  const name = contactDisplayName(c.contact);
  const agents = options?.agents ?? [];
  const teams = options?.teams ?? [];
  const canTakeIt = agents.some((a) => a.id === me.id) && c.assigneeId !== me.id;
  const assigneeName = c.assignee?.name ?? "Unknown agent";
  // Live dots in the assign menu: the options' presence first, then the stream's changes. Order stays as the server sent it.
  const presenceOf = usePresence(Object.fromEntries(agents.map((a) => [a.id, a.presence])));

  return (
    <header className="shrink-0 border-b border-border bg-surface">
      <div className="flex h-12 items-center gap-2 px-4">
        <span className="shrink-0 text-base text-fg-subtle tabular-nums">#{c.number}</span>
        <h2 className="min-w-0 truncate text-base font-semibold" title={name}>
          {name}
        </h2>
        <span aria-hidden className="text-fg-disabled">
          ·
        </span>
        <span className="flex min-w-0 items-center gap-1.5 text-sm text-fg-muted">
          <ChannelIcon type={c.inbox.channelType} size="xs" decorative />
          <span className="truncate">{c.inbox.name}</span>
          {c.inbox.deleted && <span className="shrink-0 text-xs text-fg-subtle">(deleted)</span>}
        </span>
        <span className="ml-auto flex shrink-0 items-center gap-2">
          {c.status === "snoozed" && c.snoozedUntil && (
            <span className="hidden text-xs text-snoozed-text 2xl:inline">
              until <Time value={c.snoozedUntil} format="full" />
            </span>
          )}
          <span title={c.status === "snoozed" && c.snoozedUntil ? `Snoozed until ${formatFull(new Date(c.snoozedUntil))}` : undefined}>
            <StatusBadge status={c.status} />
          </span>
        </span>
      </div>
      {c.subject && (
        <p className="-mt-2 truncate px-4 pb-2 text-sm text-fg-muted" title={c.subject}>
          {c.subject}
        </p>
      )}
      <div className="flex h-11 items-center gap-1.5 border-t border-border/60 px-3">
        <DropdownMenu open={assignOpen} onOpenChange={onAssignOpenChange}>
          <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="sm" disabled={readOnly} aria-label={`Assignee: ${c.assignee ? assigneeName : "Unassigned"}`} className="max-w-48 text-fg">
                {c.assignee ? <Avatar name={assigneeName} size="xs" decorative /> : <UserPlus aria-hidden className="text-fg-subtle" />}
                <span className="truncate">{c.assignee ? assigneeName : "Assign"}</span>
                <ChevronDown aria-hidden className="text-fg-subtle" />
              </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent className="w-64">
            {canTakeIt && (
              <>
                <DropdownMenuItem icon={<UserPlus />} onSelect={() => onChange({ assigneeId: me.id })}>
                  Assign to me
                </DropdownMenuItem>
                <DropdownMenuSeparator />
              </>
            )}
            <DropdownMenuLabel className="flex items-center justify-between">
              Agents who can see this conversation
              <Kbd className="h-4 min-w-4 text-2xs">A</Kbd>
            </DropdownMenuLabel>
            {!options && <DropdownMenuItem disabled>Loading…</DropdownMenuItem>}
            {options && agents.length === 0 && <DropdownMenuItem disabled>Nobody works in this inbox yet</DropdownMenuItem>}
            {agents.map((a) => (
              <DropdownMenuItem
                key={a.id}
                icon={<PresenceAvatar name={a.name} presence={presenceOf(a.id)} size="xs" />}
                onSelect={() => a.id !== c.assigneeId && onChange({ assigneeId: a.id })}
                data-agent-id={a.id}
              >
                <span className="flex w-full items-center gap-2">
                  <span className="truncate">
                    {a.id === me.id ? `${a.name} (you)` : a.name}
                    <PresenceText presence={presenceOf(a.id)} />
                  </span>
                  {a.role === "administrator" && <span className="text-xs text-fg-subtle">Admin</span>}
                  {a.id === c.assigneeId && <Check aria-label="Current assignee" className="ml-auto size-4 text-accent-text" />}
                </span>
              </DropdownMenuItem>
            ))}
            {c.assigneeId && (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem icon={<UserMinus />} onSelect={() => onChange({ assigneeId: null })}>
                  Unassign
                </DropdownMenuItem>
              </>
            )}
          </DropdownMenuContent>
        </DropdownMenu>

        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="sm" disabled={readOnly} aria-label={`Team: ${c.team?.name ?? "none"}`} className="max-w-44 text-fg">
              <Users aria-hidden className="text-fg-subtle" />
              <span className="truncate">{c.team?.name ?? "Team"}</span>
              <ChevronDown aria-hidden className="text-fg-subtle" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent className="w-60">
            <DropdownMenuLabel>Teams of {c.inbox.name}</DropdownMenuLabel>
            {!options && <DropdownMenuItem disabled>Loading…</DropdownMenuItem>}
            {options && teams.length === 0 && <DropdownMenuItem disabled>No teams are assigned to this inbox</DropdownMenuItem>}
            {teams.map((t) => (
              <DropdownMenuItem key={t.id} icon={<Users />} onSelect={() => t.id !== c.teamId && onChange({ teamId: t.id })}>
                <span className="flex w-full items-center gap-2">
                  <span className="truncate">{t.name}</span>
                  {t.id === c.teamId && <Check aria-label="Current team" className="ml-auto size-4 text-accent-text" />}
                </span>
              </DropdownMenuItem>
            ))}
            {c.teamId && (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => onChange({ teamId: null })}>Remove team</DropdownMenuItem>
              </>
            )}
          </DropdownMenuContent>
        </DropdownMenu>

        <LabelPicker conversation={c} me={me} disabled={readOnly} />

        <div className="ml-auto">
          <StatusActions conversation={c} disabled={readOnly} onChange={onChange} />
        </div>
      </div>
    </header>
  );
}
