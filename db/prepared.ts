import "server-only";
import { createHash } from "node:crypto";
import { getTableColumns, sql, type Query, type SQL } from "drizzle-orm";
import type { PgDialect, PgSession, PgTable } from "drizzle-orm/pg-core";
import { envValue } from "@/lib/env";
import type { DbOrTx } from "./client";

/*
 * Hot statements, built once (docs/architecture.md §5.8). On the ingest path two costs were each
 * about what running a statement costs: drizzle assembling its text from fragments (on every
 * call), and the server planning it. A cached statement is assembled on first use — its values
 * are `sql.placeholder`s — and each pooled connection prepares it by name once. The name is the
 * text's hash, so statements of another shape never collide. The embedded database runs it
 * unnamed (see preparedName).
 */

type Built = Query & { name: string };
const built = new Map<string, Built>();

/**
 * Runs the statement `build` makes, with `values` for its placeholders. `key` names its shape: a
 * caller whose text depends on something other than placeholders (a mode, an optional clause, a
 * configured number) puts that in the key. Rows come back as the server names their columns.
 */
export async function executeCached<T extends Record<string, unknown>>(
  db: DbOrTx,
  key: string,
  build: () => SQL,
  values: Record<string, unknown>,
): Promise<{ rows: T[] }> {
  const { session, dialect } = db as unknown as { session: PgSession; dialect: PgDialect };
  let query = built.get(key);
  if (!query) {
    const q = dialect.sqlToQuery(build());
    query = { ...q, name: preparedName(`k_${createHash("sha1").update(q.sql).digest("hex").slice(0, 32)}`) };
    built.set(key, query);
  }
  return (await session.prepareQuery(query, undefined, query.name, false).execute(values)) as { rows: T[] };
}

/**
 * The name for a drizzle builder's `.prepare()`: a named statement planned once per connection,
 * or unnamed (planned each time) on the embedded database, whose one backend serves every pooled
 * connection and would see a name prepared twice.
 */
export const preparedName = (name: string) => (envValue("KONVERSIO_EMBEDDED_DB") ? "" : name);

/** SQL: every column of `table`, each named by its key, for a cached statement's RETURNING (decodeRow reads them back). */
export function columnsByKey(table: PgTable): SQL {
  return sql.join(
    Object.entries(getTableColumns(table)).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
    sql`, `,
  );
}

/** The table's columns of a cached statement's row (columnsByKey), as drizzle's own queries return them (timestamps as Date, …); other columns are left out. */
export function decodeRow<T extends PgTable>(table: T, row: Record<string, unknown>): T["$inferSelect"] {
  const decoded: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[key];
    decoded[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return decoded as T["$inferSelect"];
}
