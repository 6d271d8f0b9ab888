import "server-only";
import { log } from "@/lib/log";
import type { Db } from "@/db/client";
import { loadActor, type Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { visibleInboxIds } from "@/lib/access/visibility";
import { onShutdown } from "@/lib/shutdown";
import { publish, subscribe } from "./bus";
import { sseWriter, type SseWriter } from "./sse";
import { presenceRenewSeconds, systemTouchPresence } from "@/lib/assignment/presence";
import { systemServeQueuesOf } from "@/lib/assignment/queue";
import type { RealtimeEvent } from "./events";

const HEARTBEAT_MS = 20_000;
const RECHECK_MS = 15_000;

/**
 * Whether this stream's user may receive the event — the access module's rule, evaluated against
 * the user's visible inboxes. That set is re-read whenever memberships or inboxes change (and
 * periodically), so filtering an event costs no query on the hot path.
 */
function visibleTo(actor: Actor, inboxIds: Set<string>, e: RealtimeEvent): boolean {
  // Label definitions are workspace-wide (GET /labels is open to every user); they name no conversation.
  if (e.type === "automation.changed") return false; // for the instances' rule caches only
  if (e.type === "access.changed" || e.type === "labels.changed" || e.type === "presence.changed") return true;
  if (isAdmin(actor)) return true;
  return inboxIds.has(e.inboxId);
}

/**
 * A Server-Sent-Events stream of the workspace's events, filtered per user. The user is re-read
 * on access changes and periodically, so deactivation closes the stream and lost memberships
 * stop events at once (every event is checked against current memberships).
 */
export function eventStream(db: Db, initial: Actor, sessionVersion: number | undefined, signal: AbortSignal): ReadableStream<Uint8Array> {
  let actor = initial;
  let cleanup = () => {};
  // Closed by cancel() too: the client may leave while start() is still awaiting its first queries.
  let sse: SseWriter | undefined;
  return new ReadableStream({
    async start(controller) {
      const out = (sse = sseWriter(controller, () => cleanup()));
      const { write, send, close } = out;
      let queue = Promise.resolve();
      let inboxIds = new Set(await visibleInboxIds(db, actor));
      const recheck = async () => {
        const fresh = await loadActor(db, actor.id, sessionVersion);
        if (!fresh) {
          send("session.ended", { reason: "Your access has changed. Sign in again." });
          close();
          return false;
        }
        actor = fresh;
        inboxIds = new Set(await visibleInboxIds(db, actor));
        return true;
      };
      const handle = (e: RealtimeEvent) => {
        queue = queue.then(async () => {
          if (out.closed) return;
          try {
            if ((e.type === "access.changed" || e.type === "inbox.updated") && !(await recheck())) return;
            if (visibleTo(actor, inboxIds, e)) {
              const { type, ...data } = e;
              send(type, data);
            }
          } catch (err) {
            // The event could not be checked (the database away): the client refetches rather than miss it.
            log.warn("realtime", "stream filter failed, asked the client to resync", err);
            send("resync", {});
          }
        });
      };
      // An open stream is what "online" means (lib/assignment/presence.ts); coming online serves the queues.
      const touch = () =>
        systemTouchPresence(db, actor.id)
          .then(async ({ cameOnline }) => {
            if (!cameOnline) return;
            await publish(db, { type: "presence.changed", userId: actor.id });
            await systemServeQueuesOf(db, actor.id);
          })
          .catch((err: unknown) => log.warn("realtime", "presence not renewed; retried at the next check", err));
      void touch();
      const unsubscribe = await subscribe(handle, () => send("resync", {}));
      const heartbeat = setInterval(() => write(`: keep-alive\n\n`), HEARTBEAT_MS);
      // Twice per renewal period, so the mark never ages past it (the write itself happens once per period).
      const presence = setInterval(() => void touch(), (presenceRenewSeconds() * 1000) / 2);
      const periodic = setInterval(() => {
        // Caught: a rejected link would leave `queue` rejected and every later event unsent (issue 10 §6).
        queue = queue.then(() => recheck()).then(
          () => undefined,
          (err: unknown) => log.warn("realtime", "periodic access check failed; retried at the next one", err),
        );
      }, RECHECK_MS);
      // An instance that stops ends its streams: EventSource reconnects, to another instance.
      const offShutdown = onShutdown(close);
      cleanup = () => {
        unsubscribe();
        offShutdown();
        clearInterval(heartbeat);
        clearInterval(periodic);
        clearInterval(presence);
      };
      if (out.closed || signal.aborted) {
        cleanup(); // the client left while we were setting up
        return;
      }
      signal.addEventListener("abort", close);
      write(`retry: 3000\n\n`);
      send("ready", { userId: actor.id });
    },
    cancel() {
      sse?.close();
    },
  });
}
