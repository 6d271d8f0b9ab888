import "server-only";
import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import { envValue } from "@/lib/env";
import type { DbOrTx } from "./client";

/**
 * Runs `query` as a named prepared statement, so each pooled connection plans it once instead of
 * on every call: for hot statements whose planning costs as much as their execution (a CTE chain
 * run on every arrival, lib/assignment/assign.ts). The name is the text's hash, so statements of
 * another shape never collide. Through drizzle's own session, so its result handling applies.
 * The embedded database runs it plainly (see preparedName).
 */
export async function executePrepared<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<{ rows: T[] }> {
  if (envValue("KONVERSIO_EMBEDDED_DB")) return (await db.execute<T>(query)) as { rows: T[] };
  const { session, dialect } = db as unknown as { session: PgSession; dialect: PgDialect };
  const built = dialect.sqlToQuery(query);
  const name = `k_${createHash("sha1").update(built.sql).digest("hex").slice(0, 32)}`;
  return (await session.prepareQuery(built, undefined, name, false).execute()) as { rows: T[] };
}

/**
 * The name for a drizzle builder's `.prepare()`: a named statement planned once per connection,
 * or unnamed (planned each time) on the embedded database, whose one backend serves every pooled
 * connection and would see a name prepared twice.
 */
export const preparedName = (name: string) => (envValue("KONVERSIO_EMBEDDED_DB") ? "" : name);
