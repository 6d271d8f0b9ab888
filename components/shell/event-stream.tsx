"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { toLogin } from "@/components/workspace/api";

/** What the server's events carry (lib/realtime/events.ts); every field is optional to the client. */
export type StreamEventData = { conversationId?: string; messageId?: string; inboxId?: string; userId?: string; assignedTo?: string };
export type StreamState = "connecting" | "live" | "offline";
/**
 * `stream.ready` is ours, not the server's: the stream (re)connected. `missed` says events may have
 * been lost while it was down (refetch everything); `first` that it is the tab's first connection.
 */
export type StreamListener = (type: string, data: StreamEventData & { missed?: boolean; first?: boolean }) => void;

const EVENT_TYPES = [
  "conversation.created",
  "conversation.updated",
  "message.created",
  "message.updated",
  "inbox.updated",
  "access.changed",
  "labels.changed",
  "presence.changed",
  "resync",
] as const;
const MAX_BACKOFF_MS = 30_000;

type Stream = { state: StreamState; subscribe: (listener: StreamListener) => () => void };
const StreamContext = createContext<Stream | null>(null);

/**
 * One EventSource per tab on /api/v1/events, for every page of the app — an open stream is also
 * what makes its user "online" (docs/architecture.md §5.8), so Settings pages keep them online
 * too. Pages subscribe to what they need; the server has already filtered by visibility.
 */
export function EventStreamProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<StreamState>("connecting");
  const listeners = useRef(new Set<StreamListener>());
  const [stream] = useState<Omit<Stream, "state">>(() => ({
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));

  useEffect(() => {
    let es: EventSource | null = null;
    let stopped = false;
    let missed = false;
    let first = true;
    let attempts = 0;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    const emit: StreamListener = (type, data) => {
      for (const l of listeners.current) l(type, data);
    };
    const parse = (e: MessageEvent): StreamEventData => {
      try {
        return JSON.parse(e.data) as StreamEventData;
      } catch {
        return {};
      }
    };

    const connect = () => {
      if (stopped) return;
      setState("connecting");
      const source = new EventSource("/api/v1/events");
      es = source;
      source.addEventListener("ready", () => {
        attempts = 0;
        setState("live");
        emit("stream.ready", { missed, first });
        missed = false;
        first = false;
      });
      for (const type of EVENT_TYPES) source.addEventListener(type, (e) => emit(type, parse(e as MessageEvent)));
      source.addEventListener("session.ended", () => {
        stopped = true;
        source.close();
        toLogin();
      });
      source.onerror = () => {
        missed = true;
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
    };
  }, []);

  return <StreamContext.Provider value={{ state, subscribe: stream.subscribe }}>{children}</StreamContext.Provider>;
}

function useStream(): Stream {
  const stream = useContext(StreamContext);
  if (!stream) throw new Error("useStream outside EventStreamProvider");
  return stream;
}

export function useStreamState(): StreamState {
  return useStream().state;
}

/** Calls `listener` for every event while mounted; the latest listener is used without resubscribing. */
export function useStreamEvents(listener: StreamListener): void {
  const { subscribe } = useStream();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((type, data) => latest.current(type, data)), [subscribe]);
}
