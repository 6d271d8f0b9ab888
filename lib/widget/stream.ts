import "server-only";
import { log } from "@/lib/log";
import type { Db } from "@/db/client";
import { subscribe } from "@/lib/realtime/bus";
import { onShutdown } from "@/lib/shutdown";
import { sseWriter, type SseWriter } from "@/lib/realtime/sse";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { findInboxByPublicId } from "@/lib/inboxes/queries";
import { hmacFingerprint, toWidgetInbox, type WidgetInbox } from "./inbox";
import { findVisibleMessage, visitorConversationIds, type Visitor } from "./visibility";

const HEARTBEAT_MS = 20_000;

/**
 * The visitor's live feed: `message.created` / `message.updated` for what the widget's visibility
 * rule lets them see (agents' public replies, their own messages from another tab). Each event
 * is re-read through that rule; the set of the visitor's conversations only skips the query for
 * the (many) events of other visitors. Closes when the inbox is deleted or its HMAC token changes
 * under a verified visitor.
 */
export function widgetEventStream(db: Db, inbox: WidgetInbox, visitor: Visitor, signal: AbortSignal): ReadableStream<Uint8Array> {
  let unsubscribe: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closeOnAbort = () => {};
  let offShutdown = () => {};
  const cleanup = () => {
    unsubscribe?.();
    unsubscribe = undefined;
    offShutdown();
    clearInterval(heartbeat);
    signal.removeEventListener("abort", closeOnAbort);
  };
  // Closed by cancel() too: the visitor may leave while start() is still setting up.
  let sse: SseWriter | undefined;
  return new ReadableStream({
    async start(controller) {
      const out = (sse = sseWriter(controller, cleanup));
      const { write, send, close } = out;
      // Events received while the visitor's conversations load wait for them (nothing slips between).
      let queue: Promise<void> = Promise.resolve();

      let mine = new Set<string>();
      const refresh = async () => {
        mine = new Set(await visitorConversationIds(db, visitor));
      };
      const stillValid = async () => {
        const row = await findInboxByPublicId(db, "website", inbox.publicId);
        if (!row || row.deletedAt) return false;
        return !visitor.verified || hmacFingerprint(toWidgetInbox(row).hmacToken) === hmacFingerprint(inbox.hmacToken);
      };

      const handle = (e: RealtimeEvent) => {
        if (!("inboxId" in e) || e.inboxId !== visitor.inboxId) return;
        queue = queue.then(async () => {
          if (out.closed) return;
          try {
            if (e.type === "inbox.updated") {
              if (!(await stillValid())) close();
              return;
            }
            // The visitor's first message opens a conversation: learn it before its message event.
            if (e.type === "conversation.created" && !mine.has(e.conversationId)) await refresh();
            if ((e.type === "message.created" || e.type === "message.updated") && mine.has(e.conversationId)) {
              const message = await findVisibleMessage(db, visitor, e.messageId);
              if (message) send(e.type, message);
            }
          } catch (err) {
            // The event could not be checked (the database away): the widget refetches rather than miss it.
            log.warn("widget", "stream filter failed, asked the client to resync", err);
            send("resync", {});
          }
        });
      };
      const onReset = () => {
        queue = queue.then(async () => {
          await refresh().catch(() => {});
          // Events may have been missed while the listener reconnected: the widget refetches.
          send("resync", {});
        });
      };

      queue = refresh().catch((err) => log.error("widget", "stream setup failed", err));
      unsubscribe = await subscribe(handle, onReset);
      await queue;
      if (out.closed || signal.aborted) {
        cleanup(); // close() may have run before the subscription existed
        return close();
      }
      heartbeat = setInterval(() => write(`: keep-alive\n\n`), HEARTBEAT_MS);
      closeOnAbort = close;
      signal.addEventListener("abort", close);
      // An instance that stops ends its streams: the widget reconnects, to another instance.
      offShutdown = onShutdown(close);
      write(`retry: 3000\n\n`);
      send("ready", {});
    },
    cancel() {
      sse?.close();
    },
  });
}
