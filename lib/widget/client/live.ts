import type { Api } from "./api";
import type { WidgetMessage } from "./types";

export type LiveHandlers = {
  message(m: WidgetMessage): void;
  /**
   * Subscribed (first time, or again after a drop). Whatever was committed before this moment
   * reached no stream, and history loaded earlier may predate it: reload history now.
   */
  ready(): void;
  /** The server lost events, or refused the stream (not a blip): refetch history to learn why. */
  resync(): void;
  /** Still disconnected a few seconds after a drop. */
  slow(): void;
};

/**
 * The visitor's live feed (docs/widget-protocol.md §5). Each connection opens with a fresh ~60 s
 * stream ticket, so the browser's own reconnect (which would reuse the URL and its expired ticket)
 * is never relied on: on any error this closes the stream and reconnects itself. A blip is retried
 * after 1 s, then every 3 s (and at once when the device is back online); a refusal backs off
 * from 1 s to 30 s.
 */
export function openLive(api: Api, visitorToken: () => string, on: LiveHandlers): () => void {
  let es: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let slow: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let blips = 0;
  let waiting = false;
  let dropped = false;
  let stopped = false;

  const onMessage = (e: MessageEvent<string>) => {
    let m: WidgetMessage;
    try {
      m = JSON.parse(e.data) as WidgetMessage;
    } catch {
      return;
    }
    if (m && typeof m.id === "string") on.message(m);
  };
  /** Lost (or never got) the stream; `refused`: the server said no, rather than the line dropping. */
  const lost = (refused: boolean) => {
    es?.close();
    es = null;
    if (stopped) return;
    if (!dropped) {
      dropped = true;
      // A blip is normal (proxies, sleeping phones); only a lasting drop is worth telling.
      slow = setTimeout(() => !stopped && dropped && on.slow(), 3000);
    }
    // History answers why (404: a new visitor is needed; 410: the chat is gone).
    if (refused) on.resync();
    waiting = true;
    retry = setTimeout(() => void connect(), refused ? Math.min(30_000, 1000 * 2 ** attempts++) : blips++ ? 3000 : 1000);
  };
  const connect = async () => {
    waiting = false;
    if (stopped) return;
    let r;
    try {
      r = await api.ticket(visitorToken());
    } catch {
      return lost(false); // offline
    }
    if (stopped) return;
    if (!r.ok) return lost(true);
    const source = (es = api.events(r.data.ticket));
    source.addEventListener("ready", () => {
      attempts = blips = 0;
      clearTimeout(slow);
      on.ready();
      dropped = false;
    });
    source.addEventListener("resync", () => on.resync());
    source.addEventListener("message.created", onMessage as EventListener);
    source.addEventListener("message.updated", onMessage as EventListener);
    // CLOSED: a non-200 answer (e.g. the ticket expired on the way); CONNECTING: the line dropped.
    source.onerror = () => es === source && lost(source.readyState === EventSource.CLOSED);
  };
  const wake = () => {
    if (!waiting) return;
    clearTimeout(retry);
    void connect();
  };
  addEventListener("online", wake);
  void connect();
  return () => {
    stopped = true;
    removeEventListener("online", wake);
    clearTimeout(retry);
    clearTimeout(slow);
    es?.close();
  };
}
