import "server-only";
import type { Db } from "@/db/client";
import { loadActor, type Actor } from "@/lib/access/actor";
import { canSeeInbox, findVisibleConversation } from "@/lib/access/visibility";
import { subscribe } from "./bus";
import type { RealtimeEvent } from "./events";

const HEARTBEAT_MS = 20_000;
const RECHECK_MS = 15_000;

/** Whether this stream's user may receive the event — the same rule as every other surface. */
async function visibleTo(db: Db, actor: Actor, e: RealtimeEvent): Promise<boolean> {
  switch (e.type) {
    case "access.changed":
      return true;
    case "inbox.updated":
      return actor.role === "administrator" || (await canSeeInbox(db, actor, e.inboxId));
    default:
      return (await findVisibleConversation(db, actor, e.conversationId)) !== null;
  }
}

/**
 * A Server-Sent-Events stream of the workspace's events, filtered per user. The user is re-read
 * on access changes and periodically, so deactivation closes the stream and lost memberships
 * stop events at once (every event is checked against current memberships).
 */
export function eventStream(db: Db, initial: Actor, sessionVersion: number | undefined, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let actor = initial;
  let cleanup = () => {};
  return new ReadableStream({
    async start(controller) {
      let closed = false;
      let queue = Promise.resolve();
      const send = (event: string, data: unknown) => {
        if (!closed) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const recheck = async () => {
        const fresh = await loadActor(db, actor.id, sessionVersion);
        if (!fresh) {
          send("session.ended", { reason: "Your access has changed. Sign in again." });
          close();
          return false;
        }
        actor = fresh;
        return true;
      };
      const handle = (e: RealtimeEvent) => {
        queue = queue.then(async () => {
          if (closed) return;
          try {
            if (e.type === "access.changed" && !(await recheck())) return;
            if (await visibleTo(db, actor, e)) {
              const { type, ...data } = e;
              send(type, data);
            }
          } catch (err) {
            console.error("[realtime] stream filter failed:", err instanceof Error ? err.message : err);
          }
        });
      };
      const unsubscribe = await subscribe(handle, () => send("resync", {}));
      const heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(`: keep-alive\n\n`)), HEARTBEAT_MS);
      const periodic = setInterval(() => (queue = queue.then(() => recheck().then(() => undefined))), RECHECK_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(periodic);
      };
      signal.addEventListener("abort", close);
      controller.enqueue(encoder.encode(`retry: 3000\n\n`));
      send("ready", { userId: actor.id });
    },
    cancel() {
      cleanup();
    },
  });
}
