import "server-only";
import PgBoss from "pg-boss";
import type { DbOrTx } from "@/db/client";

export const QUEUES = {
  deliverMessage: "deliver-message",
  deliverEvent: "deliver-event",
  wakeSnoozed: "wake-snoozed",
  purgeUploads: "purge-uploads",
  fetchMedia: "fetch-media",
  fetchProfile: "fetch-profile",
  emailTick: "email-tick",
  emailSync: "email-sync",
} as const;

/**
 * Queues that differ from the delivery defaults. The email ones are "stately": at most one
 * queued and one running job per key (the inbox id), however many instances tick.
 */
const QUEUE_OPTIONS: Partial<Record<string, Omit<PgBoss.Queue, "name">>> = {
  [QUEUES.emailTick]: { policy: "stately", retryLimit: 0, expireInSeconds: 120 },
  [QUEUES.emailSync]: { policy: "stately", retryLimit: 0, expireInSeconds: 300 },
};

// Retries with exponential backoff: 2 s, 4 s, 8 s, 16 s, 32 s.
const RETRY = { retryLimit: 5, retryDelay: 2, retryBackoff: true } as const;
export const DELIVERY_RETRY_LIMIT = RETRY.retryLimit;

/** Delay before delivery retry `attempt + 1`: the provider's Retry-After when given (capped at an hour), else 2, 4, 8, 16, 32 s. */
export function retryDelaySeconds(attempt: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return Math.min(Math.max(1, retryAfterSeconds), 3600);
  return RETRY.retryDelay * 2 ** attempt;
}

const g = globalThis as unknown as { __konversioBoss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: process.env.DATABASE_URL,
    max: 4,
    schema: "pgboss",
    // Workers are started explicitly (lib/jobs/worker.ts); sending must not need them.
    supervise: process.env.KONVERSIO_WORKER !== "0",
    schedule: process.env.KONVERSIO_WORKER !== "0",
  });
  boss.on("error", (e) => console.error("[jobs]", e.message));
  try {
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      await boss.createQueue(name, { name, ...(QUEUE_OPTIONS[name] ?? RETRY) });
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
export function getBoss(): Promise<PgBoss> {
  g.__konversioBoss ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startBoss();
      } catch (e) {
        if (attempt >= 5) throw e;
        console.warn(`[jobs] queue start attempt ${attempt} failed (${e instanceof Error ? e.message : e}); retrying`);
        await new Promise((r) => setTimeout(r, 300 * attempt + Math.random() * 300));
      }
    }
  })().catch((e) => {
    g.__konversioBoss = undefined;
    throw e;
  });
  return g.__konversioBoss;
}

/** The pg client behind a Drizzle handle, so a job is inserted in the caller's transaction. */
function executorFor(db: DbOrTx): PgBoss.Db {
  const client = (db as unknown as { session: { client: { query(t: string, v: unknown[]): Promise<{ rows: unknown[] }> } } })
    .session.client;
  return { executeSql: (text, values) => client.query(text, values) as Promise<{ rows: any[] }> };
}

/** Queues a job inside the caller's transaction: it exists if and only if the change committed. */
export async function enqueue(
  db: DbOrTx,
  name: (typeof QUEUES)[keyof typeof QUEUES],
  data: object,
  options: PgBoss.SendOptions = {},
): Promise<void> {
  const boss = await getBoss();
  await boss.send(name, data, { ...options, db: executorFor(db) });
}

export async function stopBoss(): Promise<void> {
  const pending = g.__konversioBoss;
  g.__konversioBoss = undefined;
  if (pending) await (await pending).stop({ graceful: false, wait: true }).catch(() => {});
}
