"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type RefObject } from "react";
import { qk, toLogin } from "./api";
import { refetchFresh } from "./refetch-fresh";

type EventData = { conversationId?: string; messageId?: string; inboxId?: string };
export type StreamState = "connecting" | "live" | "offline";

const MAX_BACKOFF_MS = 30_000;

/**
 * One EventSource per tab on /api/v1/events (already filtered by visibility on the server),
 * turned into refetches (see refetchFresh: each must read past the event): lists and counts on
 * conversation events, the thread on message events, labels and what shows them on a label
 * change, everything after a reconnect, an access change or a server resync.
 */
export function useEventStream(numbersRef: RefObject<Map<string, number>>): StreamState {
  const qc = useQueryClient();
  const router = useRouter();
  const [state, setState] = useState<StreamState>("connecting");

  useEffect(() => {
    let es: EventSource | null = null;
    let stopped = false;
    let missedEvents = false;
    let subscribedOnce = false;
    let attempts = 0;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let listTimer: ReturnType<typeof setTimeout> | undefined;

    // Bursts (an import, a busy inbox) become one refetch of the list.
    const invalidateLists = () => {
      clearTimeout(listTimer);
      listTimer = setTimeout(() => {
        void refetchFresh(qc, { queryKey: qk.lists });
        // The sidebar's per-label open counts move with the conversations.
        void refetchFresh(qc, { queryKey: qk.labels });
      }, 150);
    };
    const refetchEverything = () => {
      void refetchFresh(qc);
      router.refresh(); // the server-rendered inbox and team lists
    };
    const parse = (e: MessageEvent): EventData => {
      try {
        return JSON.parse(e.data) as EventData;
      } catch {
        return {};
      }
    };
    const numberOf = (d: EventData) => (d.conversationId ? numbersRef.current.get(d.conversationId) : undefined);

    const handlers: Record<string, (d: EventData) => void> = {
      "conversation.created": () => invalidateLists(),
      "conversation.updated": (d) => {
        invalidateLists();
        const n = numberOf(d);
        if (n !== undefined) void refetchFresh(qc, { queryKey: qk.detail(n) });
      },
      "message.created": (d) => {
        invalidateLists();
        const n = numberOf(d);
        if (n !== undefined) void refetchFresh(qc, { queryKey: qk.messages(n) });
      },
      "message.updated": (d) => {
        const n = numberOf(d);
        if (n !== undefined) void refetchFresh(qc, { queryKey: qk.messages(n) });
      },
      "inbox.updated": () => {
        invalidateLists();
        router.refresh();
      },
      "access.changed": refetchEverything,
      // A label renamed, recoloured or deleted: every row and thread showing it, and the label list.
      "labels.changed": () => {
        void refetchFresh(qc, { queryKey: qk.labels });
        void refetchFresh(qc, { queryKey: qk.lists });
        void refetchFresh(qc, { queryKey: qk.threads });
      },
      resync: refetchEverything,
    };

    const connect = () => {
      if (stopped) return;
      setState("connecting");
      const source = new EventSource("/api/v1/events");
      es = source;
      source.addEventListener("ready", () => {
        attempts = 0;
        setState("live");
        if (missedEvents) {
          missedEvents = false;
          refetchEverything();
        } else if (!subscribedOnce) {
          // The list and thread were fetched before this subscription existed: anything that
          // happened in between reached neither, so reconcile once now that events flow.
          void refetchFresh(qc, { queryKey: qk.lists });
          void refetchFresh(qc, { queryKey: qk.threads });
        }
        subscribedOnce = true;
      });
      for (const [name, handle] of Object.entries(handlers)) {
        source.addEventListener(name, (e) => handle(parse(e as MessageEvent)));
      }
      source.addEventListener("session.ended", () => {
        stopped = true;
        source.close();
        toLogin();
      });
      source.onerror = () => {
        missedEvents = true;
        setState("offline");
        // CONNECTING: the browser retries by itself. CLOSED: the server refused (e.g. 401), so we do.
        if (source.readyState !== EventSource.CLOSED) return;
        source.close();
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts++);
        const reconnect = async () => {
          const res = await fetch("/api/v1/profile", { credentials: "same-origin" }).catch(() => null);
          if (res?.status === 401) {
            stopped = true;
            toLogin();
            return;
          }
          connect();
        };
        reconnectTimer = setTimeout(() => void reconnect(), delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      es?.close();
      clearTimeout(reconnectTimer);
      clearTimeout(listTimer);
    };
  }, [qc, router, numbersRef]);

  return state;
}
