import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env, envValue } from "@/lib/env";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema>;
/** Either the pool-backed database or a transaction handle: domain functions accept both. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Holder = { pool: Pool; db: Db };
const g = globalThis as unknown as { __konversioDb?: Holder };

export function createDb(connectionString: string, max = 10): Holder {
  const pool = new Pool({ connectionString, max });
  pool.on("error", (e) => console.error("[db] idle client error:", e.message));
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
