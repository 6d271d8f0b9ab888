"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, qk } from "@/components/workspace/api";
import { useStreamEvents } from "./event-stream";
import type { PresenceValue } from "./presence-dot";

type PresenceAnswer = { data: { id: string; presence: PresenceValue }[] };

/**
 * Everyone's presence, live: one query for the whole tab (GET /presence), refetched when the
 * stream says someone's changed (availability set, came online, went away — the last is noticed
 * by the server's 30-second sweep) and after a reconnect. `initial` is what the server rendered,
 * so dots never flash empty; returns a lookup by user id.
 */
export function usePresence(initial?: Record<string, PresenceValue>): (userId: string) => PresenceValue | undefined {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: qk.presence,
    queryFn: ({ signal }) => api<PresenceAnswer>("/api/v1/presence", { signal }),
    select: (answer) => new Map(answer.data.map((u) => [u.id, u.presence])),
    staleTime: 30_000,
    // A backstop for a missed announcement: the dot is never more than a minute out of date.
    refetchInterval: 60_000,
  });
  useStreamEvents((type, d) => {
    if (type === "presence.changed" || type === "access.changed" || type === "resync" || (type === "stream.ready" && d.missed)) {
      void qc.invalidateQueries({ queryKey: qk.presence });
    }
  });
  return (userId) => data?.get(userId) ?? initial?.[userId];
}
