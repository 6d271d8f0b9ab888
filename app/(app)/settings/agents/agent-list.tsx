"use client";

import { usePresence } from "@/components/shell/use-presence";
import type { PresenceValue } from "@/components/shell/presence-dot";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PresenceAvatar, PresenceText } from "@/components/presence/presence-avatar";
import { AgentActions } from "./agent-actions";
import { capacityLabel } from "./capacity";

export type AgentRow = {
  id: string;
  name: string;
  email: string;
  role: "administrator" | "agent";
  active: boolean;
  capacity: number | null;
  presence: PresenceValue;
};

const columns = "flex items-center gap-3 px-4";

/**
 * Everyone who can sign in, in fixed-width columns (role, capacity, status) so rows line up.
 * Presence is live: the server's answer first, then whatever the event stream says changed.
 */
export function AgentList({ agents, actorId }: { agents: AgentRow[]; actorId: string }) {
  const presenceOf = usePresence(Object.fromEntries(agents.map((a) => [a.id, a.presence])));
  return (
    <Card className="overflow-hidden">
      {/* Column names for sighted users; each cell says what it is to screen readers itself. */}
      <div aria-hidden className={cn(columns, "h-8 border-b border-border bg-canvas text-xs font-medium text-fg-subtle")}>
        <span className="w-8 shrink-0" />
        <span className="flex-1">Name</span>
        <span className="hidden w-28 shrink-0 sm:block">Role</span>
        <span className="w-24 shrink-0">Capacity</span>
        <span className="w-28 shrink-0">Status</span>
        <span className="w-7 shrink-0" />
      </div>
      <ul className="divide-y divide-border">
        {agents.map((a) => {
          const self = a.id === actorId;
          // Deactivated people cannot sign in: a presence dot would say nothing true.
          const presence = a.active ? presenceOf(a.id) : undefined;
          return (
            <li key={a.id} className={cn(columns, "py-2.5")} data-agent-id={a.id}>
              {/* Deactivated rows are told apart by their badge and a muted name, not by fading:
                  faded text fails the WCAG AA contrast floor the e2e axe checks hold us to. */}
              <PresenceAvatar name={a.name} presence={presence} size="md" />
              <div className="flex min-w-0 flex-1 flex-col">
                <span className={cn("flex items-center gap-1.5 truncate font-medium", a.active ? "text-fg" : "text-fg-muted")}>
                  {a.name}
                  {self && <span className="text-sm font-normal text-fg-subtle">(you)</span>}
                  <PresenceText presence={presence} />
                </span>
                <span className="truncate text-sm text-fg-muted">{a.email}</span>
              </div>
              <div className="hidden w-28 shrink-0 sm:block">
                <Badge variant={a.role === "administrator" ? "accent" : "neutral"}>{a.role === "administrator" ? "Administrator" : "Agent"}</Badge>
              </div>
              <div
                className={cn("w-24 shrink-0 text-sm tabular-nums", a.capacity === null || !a.active ? "text-fg-muted" : "text-fg")}
                title="Auto-assignment gives them new conversations until they have this many open ones, across all inboxes"
                data-testid="agent-capacity"
              >
                <span className="sr-only">Capacity: </span>
                {capacityLabel(a.capacity)}
              </div>
              <div className="w-28 shrink-0">
                {a.active ? (
                  <Badge variant="success" dot>
                    Active
                  </Badge>
                ) : (
                  <Badge dot>Deactivated</Badge>
                )}
              </div>
              <AgentActions agent={{ id: a.id, name: a.name, role: a.role, active: a.active, capacity: a.capacity }} self={self} />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
