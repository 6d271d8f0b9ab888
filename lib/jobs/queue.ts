import "server-only";
import { log } from "@/lib/log";
import { envValue } from "@/lib/env";
import { sql, type SQLChunk } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { DbOrTx } from "@/db/client";
import type { FetchMediaJob, FetchProfileJob } from "@/lib/conversations/ingest";

export const QUEUES = {
  deliverMessage: "deliver-message",
  deliverEvent: "deliver-event",
  wakeSnoozed: "wake-snoozed",
  purgeUploads: "purge-uploads",
  fetchMedia: "fetch-media",
  fetchProfile: "fetch-profile",
  emailTick: "email-tick",
  emailSync: "email-sync",
  automationWebhook: "automation-webhook",
  automationSweep: "automation-sweep",
} as const;

/** What each job carries: the one map both sending and working are typed by, so a wrong payload does not compile. */
export type JobPayloads = {
  [QUEUES.deliverMessage]: { messageId: string; attempt?: number };
  /** An api-channel webhook to the inbox's callbackUrl. */
  [QUEUES.deliverEvent]: { inboxId: string; conversationId: string; event: string; changes?: string[] };
  [QUEUES.wakeSnoozed]: { conversationId: string };
  [QUEUES.purgeUploads]: NoPayload;
  [QUEUES.fetchMedia]: FetchMediaJob;
  [QUEUES.fetchProfile]: FetchProfileJob;
  [QUEUES.emailTick]: NoPayload;
  [QUEUES.emailSync]: { inboxId: string };
  /** A rule's send_webhook action (lib/automation/webhook.ts). */
  [QUEUES.automationWebhook]: { ruleId: string; runId: string; conversationId: string; messageId: string | null; url: string; firedAt: string };
  /** Time rules, about once a minute (lib/automation/sweep.ts). */
  [QUEUES.automationSweep]: NoPayload;
};
type NoPayload = Record<string, never>;
export type JobName = keyof JobPayloads;

type JobHandler<N extends JobName> = (jobs: PgBoss.Job<JobPayloads[N]>[]) => Promise<unknown>;
type JobWithMetadataHandler<N extends JobName> = (jobs: PgBoss.JobWithMetadata<JobPayloads[N]>[]) => Promise<unknown>;

/** pg-boss with sending, scheduling and working narrowed to the queues above and their payloads. */
export type Boss = Omit<PgBoss, "send" | "schedule" | "work"> & {
  send<N extends JobName>(name: N, data: JobPayloads[N], options?: PgBoss.SendOptions): Promise<string | null>;
  schedule<N extends JobName>(name: N, cron: string, data?: JobPayloads[N], options?: PgBoss.ScheduleOptions): Promise<void>;
  work<N extends JobName>(name: N, options: PgBoss.WorkOptions & { includeMetadata: true }, handler: JobWithMetadataHandler<N>): Promise<string>;
  work<N extends JobName>(name: N, options: PgBoss.WorkOptions, handler: JobHandler<N>): Promise<string>;
};

// Retries with exponential backoff: 2 s, 4 s, 8 s, 16 s, 32 s. A job whose worker died (the app
// killed, the database gone mid-job) stays active until it expires: pg-boss's default is 15
// minutes, far longer than any delivery may take (several provider calls of at most 60–120 s,
// lib/channels/shared/http.ts), so a reply would sit "pending" that long. Replies and callbacks
// expire much sooner still (QUEUE_OPTIONS).
const RETRY = { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 300 } as const;
// How often the supervising instance looks for expired jobs (pg-boss's default is 2 minutes).
const MAINTENANCE_SECONDS = 10;
export const DELIVERY_RETRY_LIMIT = RETRY.retryLimit;

/**
 * Queues that differ from the delivery defaults. The email ones are "stately": at most one
 * queued and one running job per key (the inbox id), however many instances tick.
 */
const QUEUE_OPTIONS: Partial<Record<JobName, Omit<PgBoss.Queue, "name">>> = {
  [QUEUES.emailTick]: { policy: "stately", retryLimit: 0, expireInSeconds: 120 },
  [QUEUES.emailSync]: { policy: "stately", retryLimit: 0, expireInSeconds: 300 },
  // A reply whose worker died is picked up again within a minute. An attempt that is merely slow
  // (an upload) and outlives its job is safe: the retry finds its live claim and steps back
  // (lib/conversations/delivery-claim.ts).
  [QUEUES.deliverMessage]: { ...RETRY, expireInSeconds: 45 },
  // One callback of at most 15 s; a repeat carries the same event id.
  [QUEUES.deliverEvent]: { ...RETRY, expireInSeconds: 45 },
  [QUEUES.automationWebhook]: { ...RETRY, expireInSeconds: 45 },
  // One sweep at a time across every instance; a sweep that fails waits for the next minute.
  [QUEUES.automationSweep]: { policy: "stately", retryLimit: 0, expireInSeconds: 120 },
};

/** Delay before delivery retry `attempt + 1`: the provider's Retry-After when given (capped at an hour), else 2, 4, 8, 16, 32 s. */
export function retryDelaySeconds(attempt: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return Math.min(Math.max(1, retryAfterSeconds), 3600);
  return RETRY.retryDelay * 2 ** attempt;
}

const g = globalThis as unknown as { __konversioBoss?: Promise<Boss> };

async function startBoss(): Promise<Boss> {
  // Workers are started explicitly (lib/jobs/worker.ts); sending must not need them.
  const maintains = envValue("KONVERSIO_WORKER");
  const boss = new PgBoss({
    // Its own small pool on the application's database: the same URL on PostgreSQL and on the
    // embedded engine, which bootstrap serves over a socket and names in DATABASE_URL.
    connectionString: envValue("DATABASE_URL"),
    max: 4,
    schema: "pgboss",
    supervise: maintains,
    schedule: maintains,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss.on("error", (e) => log.error("jobs", "queue error", e));
  try {
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      const options = { name, ...(QUEUE_OPTIONS[name] ?? RETRY) };
      await boss.createQueue(name, options);
      // createQueue leaves an existing queue as it was: databases made before a change get it too.
      await boss.updateQueue(name, options);
    }
    return boss;
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw e;
  }
}

/**
 * pg-boss on the application's own PostgreSQL (schema `pgboss`), started once per process.
 * Instances booting together on a fresh database can deadlock while creating pg-boss's schema,
 * so start-up is retried with a short, growing pause.
 */
export function getBoss(): Promise<Boss> {
  g.__konversioBoss ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startBoss();
      } catch (e) {
        if (attempt >= 5) throw e;
        log.warn("jobs", `queue start attempt ${attempt} failed; retrying`, e);
        await new Promise((r) => setTimeout(r, 300 * attempt + Math.random() * 300));
      }
    }
  })().catch((e) => {
    g.__konversioBoss = undefined;
    throw e;
  });
  return g.__konversioBoss;
}

/**
 * pg-boss's statements run through the caller's Drizzle handle (`execute`, public on both the
 * database and a transaction), so a job is inserted in the caller's transaction. pg-boss numbers
 * its parameters ($1, $2, and may repeat one); Drizzle numbers them itself, so each placeholder
 * becomes a bound parameter carrying the same value.
 */
function executorFor(db: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const chunks: SQLChunk[] = [];
      let from = 0;
      for (const m of text.matchAll(/\$(\d+)/g)) {
        chunks.push(sql.raw(text.slice(from, m.index)), sql.param(values[Number(m[1]) - 1]));
        from = m.index + m[0].length;
      }
      chunks.push(sql.raw(text.slice(from)));
      return db.execute(sql.join(chunks));
    },
  };
}

/** Queues a job inside the caller's transaction: it exists if and only if the change committed. */
export async function enqueue<N extends JobName>(db: DbOrTx, name: N, data: JobPayloads[N], options: PgBoss.SendOptions = {}): Promise<void> {
  const boss = await getBoss();
  await boss.send(name, data, { ...options, db: executorFor(db) });
}

/**
 * For the app's shutdown (lib/shutdown.ts): stops fetching jobs, lets running ones finish for up
 * to `graceMs`, then fails the rest (they are retried, here or on another instance) and closes
 * pg-boss's pool. The stopped instance stays getBoss()'s answer, so a request still in flight
 * queues its job through its own transaction instead of starting a new pg-boss.
 */
export async function stopBossGracefully(graceMs: number): Promise<void> {
  const pending = g.__konversioBoss;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: true, timeout: graceMs, wait: true });
}

export async function stopBoss(): Promise<void> {
  const pending = g.__konversioBoss;
  g.__konversioBoss = undefined;
  if (pending) await (await pending).stop({ graceful: false, wait: true }).catch(() => {});
}
