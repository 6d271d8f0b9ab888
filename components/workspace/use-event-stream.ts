"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type RefObject } from "react";
import { useStreamEvents, useStreamState, type StreamState } from "@/components/shell/event-stream";
import { qk } from "./api";
import { refetchFresh } from "./refetch-fresh";

export type { StreamState };

/**
 * The workspace's use of the tab's event stream (components/shell/event-stream.tsx, already
 * filtered by visibility on the server), turned into refetches (see refetchFresh: each must read
 * past the event): lists and counts on conversation events, the thread on message events, labels
 * and what shows them on a label change, everything after a reconnect, an access change or a
 * server resync.
 */
export function useEventStream(numbersRef: RefObject<Map<string, number>>): StreamState {
  const qc = useQueryClient();
  const router = useRouter();
  const state = useStreamState();
  const listTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(listTimer.current), []);

  useStreamEvents((type, d) => {
    // Bursts (an import, a busy inbox) become one refetch of the list.
    const invalidateLists = () => {
      clearTimeout(listTimer.current);
      listTimer.current = setTimeout(() => {
        void refetchFresh(qc, { queryKey: qk.lists });
        // The sidebar's per-label open counts move with the conversations.
        void refetchFresh(qc, { queryKey: qk.labels });
        void refetchFresh(qc, { queryKey: qk.queue });
      }, 150);
    };
    const refetchEverything = () => {
      void refetchFresh(qc);
      router.refresh(); // the server-rendered inbox and team lists
    };
    const number = d.conversationId ? numbersRef.current.get(d.conversationId) : undefined;
    switch (type) {
      case "stream.ready":
        if (d.missed) refetchEverything();
        // The list and thread were fetched before this subscription existed: anything that
        // happened in between reached neither, so reconcile once now that events flow.
        else if (d.first) {
          void refetchFresh(qc, { queryKey: qk.lists });
          void refetchFresh(qc, { queryKey: qk.threads });
        }
        return;
      case "conversation.created":
        return invalidateLists();
      case "conversation.updated":
        invalidateLists();
        if (number !== undefined) void refetchFresh(qc, { queryKey: qk.detail(number) });
        return;
      case "message.created":
        invalidateLists();
        if (number !== undefined) void refetchFresh(qc, { queryKey: qk.messages(number) });
        return;
      case "message.updated":
        if (number !== undefined) void refetchFresh(qc, { queryKey: qk.messages(number) });
        return;
      case "inbox.updated":
        invalidateLists();
        router.refresh();
        return;
      case "access.changed":
      case "resync":
        return refetchEverything();
      // A label renamed, recoloured or deleted: every row and thread showing it, and the label list.
      case "labels.changed":
        void refetchFresh(qc, { queryKey: qk.labels });
        void refetchFresh(qc, { queryKey: qk.lists });
        void refetchFresh(qc, { queryKey: qk.threads });
        return;
    }
  });

  return state;
}
