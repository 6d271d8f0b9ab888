import "server-only";
import { log } from "@/lib/log";
import { envValue } from "@/lib/env";
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import type { DbOrTx } from "@/db/client";
import { REALTIME_CHANNEL, type RealtimeEvent } from "./events";

/*
 * PostgreSQL mode: events go through pg_notify, and one LISTEN connection per app instance fans
 * them out to local subscribers — so any number of instances see every event.
 * Embedded mode (PGlite): exactly one app process can use the database, and PGlite's socket
 * server does not forward notifications, so an in-process emitter is both sufficient and correct.
 */
type State = { emitter: EventEmitter; listener?: Promise<Client | null>; subscribers: number; lostListener?: boolean; closed?: boolean };
const g = globalThis as unknown as { __konversioBus?: State };
const state = (g.__konversioBus ??= { emitter: new EventEmitter().setMaxListeners(0), subscribers: 0 });

const embedded = () => envValue("KONVERSIO_EMBEDDED_DB");

/**
 * Call after the transaction that made the change has committed. Never throws. All the events
 * go in one statement, in order: every notifying commit takes PostgreSQL's one notification-queue
 * lock, so a statement (and a commit) per event would make busy writers queue on each other.
 */
export async function publish(db: DbOrTx, ...events: RealtimeEvent[]): Promise<void> {
  if (!events.length) return;
  try {
    if (embedded()) for (const event of events) state.emitter.emit("event", event);
    else {
      const payloads = JSON.stringify(events.map((e) => JSON.stringify(e)));
      await db.execute(sql`select pg_notify(${REALTIME_CHANNEL}, p) from json_array_elements_text(${payloads}::json) as p`);
    }
  } catch (e) {
    log.error("realtime", "publish failed", e);
  }
}

function connectListener(): Promise<Client | null> {
  const client = new Client({ connectionString: envValue("DATABASE_URL") });
  const ready = (async () => {
    await client.connect();
    client.on("notification", (msg) => {
      if (msg.channel !== REALTIME_CHANNEL || !msg.payload) return;
      try {
        state.emitter.emit("event", JSON.parse(msg.payload) as RealtimeEvent);
      } catch {
        /* a foreign payload on our channel is ignored */
      }
    });
    let gone = false;
    const reconnect = () => {
      if (gone || state.closed) return; // "error" and "end" both fire for one loss
      gone = true;
      state.listener = undefined;
      state.lostListener = true;
      client.removeAllListeners();
      // Streams learn about the gap so they can refetch instead of silently missing events.
      state.emitter.emit("reset");
      if (state.subscribers > 0) setTimeout(() => void ensureListener(), 1000);
    };
    client.on("error", (e) => {
      log.warn("realtime", "listener connection lost", e);
      reconnect();
    });
    client.on("end", reconnect);
    await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    if (state.lostListener) {
      // Events published while no one listened are gone: tell streams again now that we hear,
      // so a client that refetched during the outage refetches once more (issue 10 §7).
      state.lostListener = false;
      state.emitter.emit("reset");
    }
    return client;
  })().catch((e) => {
    if (state.closed) return null;
    log.warn("realtime", "cannot listen yet; retrying", e);
    state.listener = undefined;
    if (state.subscribers > 0) setTimeout(() => void ensureListener(), 2000);
    return null;
  });
  return ready;
}

function ensureListener() {
  if (embedded() || state.closed) return Promise.resolve(null);
  state.listener ??= connectListener();
  return state.listener;
}

/** Ends the LISTEN connection for good (lib/shutdown.ts): no reconnect, no reset to the streams. */
export async function closeBus(): Promise<void> {
  state.closed = true;
  const client = await state.listener;
  state.listener = undefined;
  await client?.end();
}

/** Subscribes to every event of the workspace; the caller filters by visibility. */
export async function subscribe(
  onEvent: (e: RealtimeEvent) => void,
  onReset?: () => void,
): Promise<() => void> {
  state.subscribers++;
  state.emitter.on("event", onEvent);
  if (onReset) state.emitter.on("reset", onReset);
  await ensureListener();
  return () => {
    state.subscribers--;
    state.emitter.off("event", onEvent);
    if (onReset) state.emitter.off("reset", onReset);
  };
}
