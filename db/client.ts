import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env, envValue } from "@/lib/env";
import { log } from "@/lib/log";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** Either the pool-backed database or a transaction handle: domain functions accept both. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Holder = { pool: Pool; db: Db };
const g = globalThis as unknown as { __konversioDb?: Holder };

/*
 * A connect that is not answered (the database host gone, a partition) would otherwise wait
 * forever, and so would every request queued behind it: after this long the request fails and
 * answers 503 (lib/errors.ts isDatabaseUnavailable). keepAlive lets a connection whose peer
 * vanished be noticed. Broken clients leave the pool by themselves, so when the database returns
 * the next request simply connects again.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

export function createDb(connectionString: string, max = 10): Holder {
  const pool = new Pool({ connectionString, max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
  pool.on("error", (e) => log.warn("db", "idle client error", e));
  return { pool, db: drizzle(pool, { schema, casing: "snake_case" }) };
}

function holder(): Holder {
  g.__konversioDb ??= createDb(env().DATABASE_URL, envValue("KONVERSIO_DB_POOL_SIZE"));
  return g.__konversioDb;
}

export function getDb(): Db {
  return holder().db;
}

export function getPool(): Pool {
  return holder().pool;
}

/** Ends the pool once its clients are returned (lib/shutdown.ts, after requests and jobs are done). */
export async function closeDb(): Promise<void> {
  await g.__konversioDb?.pool.end();
}
