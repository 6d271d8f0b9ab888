"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Hourglass } from "lucide-react";
import { useStreamEvents } from "@/components/shell/event-stream";
import { api, qk } from "./api";
import type { ListFilters } from "./filters";
import { useNow } from "./time";

type QueueEntry = {
  inboxId: string;
  inboxName: string;
  waiting: number;
  oldestWaitingSince: string | null;
  reason: "no_agents_online" | "all_at_capacity" | null;
  team: { id: string; name: string } | null;
};

/** "nobody in Sales is online", "everyone is at capacity", … — why the oldest waits. */
export function queueReason(e: Pick<QueueEntry, "reason" | "team" | "inboxName">, single: boolean): string {
  const where = e.team?.name ?? (single ? null : e.inboxName);
  if (e.reason === "no_agents_online") return where ? `nobody in ${where} is online` : "nobody is online";
  if (e.reason === "all_at_capacity") return where ? `everyone in ${where} is at capacity` : "everyone is at capacity";
  return "being handed out";
}

export function waitedFor(since: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60 ? `${minutes % 60} min` : ""}`.trim();
  return `${Math.floor(hours / 24)} days`;
}

/**
 * On Unassigned: what the auto-assignment queue is doing — how many wait, why the oldest is still
 * waiting, and for how long (GET /queue). Live: refetched with the list and when anyone's
 * presence changes. Says nothing where no inbox hands out conversations automatically.
 */
export function QueueNotice({ filters }: { filters: ListFilters }) {
  const qc = useQueryClient();
  const now = useNow();
  const shown = filters.view === "unassigned" && (filters.status === "open" || filters.status === "all") && !filters.deleted && !filters.team && !filters.q;
  const { data } = useQuery({
    queryKey: qk.queueOf(filters.inbox ?? undefined),
    queryFn: ({ signal }) => api<{ data: QueueEntry[] }>(`/api/v1/queue${filters.inbox ? `?inboxId=${filters.inbox}` : ""}`, { signal }),
    enabled: shown,
    refetchInterval: 30_000,
  });
  useStreamEvents((type) => {
    if (type === "presence.changed") void qc.invalidateQueries({ queryKey: qk.queue });
  });
  const entries = data?.data ?? [];
  if (!shown || !entries.length) return null;
  const single = entries.length === 1;
  const total = entries.reduce((n, e) => n + e.waiting, 0);
  const oldest = entries.map((e) => e.oldestWaitingSince).filter((s): s is string => !!s).sort()[0];
  return (
    <div role="status" data-testid="queue-notice" className="flex gap-2 border-b border-border bg-warning-soft px-3 py-2 text-sm text-warning-text">
      <Hourglass aria-hidden className="mt-0.5 size-3.5 shrink-0" />
      <div className="min-w-0">
        {single ? (
          <p className="font-medium">
            {total} waiting — {queueReason(entries[0]!, !!filters.inbox)}
          </p>
        ) : (
          <>
            <p className="font-medium">{total} waiting for auto-assignment</p>
            <ul className="mt-0.5">
              {entries.slice(0, 3).map((e) => (
                <li key={e.inboxId} className="truncate">
                  {e.inboxName}: {e.waiting} — {queueReason({ ...e, inboxName: "" }, true)}
                </li>
              ))}
              {entries.length > 3 && <li>and {entries.length - 3} more inboxes</li>}
            </ul>
          </>
        )}
        {oldest && now !== null && <p className="text-xs opacity-90">The oldest has waited {waitedFor(oldest, now)}</p>}
      </div>
    </div>
  );
}
