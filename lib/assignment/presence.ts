import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { envValue } from "@/lib/env";

/*
 * Presence (docs/architecture.md §5.8): `online` while the user's availability is online and they have the
 * app open — a live event stream, which renews `users.stream_seen_at` — or closed their last one
 * less than 2 minutes ago; `busy` when they said so; `offline` otherwise. Computed in SQL from the
 * two columns, so every instance agrees without talking to the others.
 */

/** Online for this long after the last stream closed: 2 minutes unless configured (tests shorten it). */
export const presenceGraceSeconds = () => envValue("KONVERSIO_PRESENCE_GRACE_SECONDS");
/** How often an open stream renews its mark: well inside the grace period, rare enough to cost nothing. */
export const presenceRenewSeconds = () => Math.min(30, Math.floor(presenceGraceSeconds() / 4));

export type Presence = "online" | "busy" | "offline";

/** SQL for a `users` row (alias given) being online: available and seen on a stream recently. */
export function isOnlineSql(alias: SQL = sql`${users}`): SQL {
  return sql`(${alias}.availability = 'online' and ${alias}.stream_seen_at > now() - make_interval(secs => ${presenceGraceSeconds()}))`;
}

export function presenceSql(alias: SQL = sql`${users}`): SQL<Presence> {
  return sql<Presence>`case when ${alias}.availability = 'busy' then 'busy' when ${isOnlineSql(alias)} then 'online' else 'offline' end`;
}

/**
 * An open stream says "still here". Writes at most every 30 s per user; answers whether the user
 * just came online (they were not before), which is when the assignment queue is served for them.
 */
export async function systemTouchPresence(db: DbOrTx, userId: string): Promise<{ cameOnline: boolean }> {
  const { rows } = await db.execute<{ was_online: boolean; available: boolean }>(sql`
    update users set stream_seen_at = now()
    where id = ${userId} and (stream_seen_at is null or stream_seen_at < now() - make_interval(secs => ${presenceRenewSeconds()}))
    returning (select ${isOnlineSql(sql`o`)} from users o where o.id = ${userId}) as was_online, availability = 'online' as available`);
  const row = rows[0];
  return { cameOnline: !!row && row.available && !row.was_online };
}

/** The user's own availability (PATCH /profile); answers whether they became online by it. */
export async function setAvailability(db: DbOrTx, userId: string, availability: "online" | "busy" | "offline") {
  const [before] = await db.select({ online: isOnlineSql() }).from(users).where(eq(users.id, userId));
  await db.update(users).set({ availability, updatedAt: sql`now()` }).where(and(eq(users.id, userId)));
  const [after] = await db.select({ online: isOnlineSql() }).from(users).where(eq(users.id, userId));
  return { cameOnline: !before?.online && !!after?.online };
}

/** Every active user's presence (GET /presence): what the dots beside names show, for any signed-in user. */
export async function listPresence(db: DbOrTx): Promise<{ id: string; presence: Presence }[]> {
  return db.select({ id: users.id, presence: presenceSql() }).from(users).where(eq(users.active, true)).orderBy(users.id);
}

/**
 * Users whose last stream closed long enough ago that they just turned away — no request of theirs
 * marks it, so the sweep (every 30 s) looks back over a window a little longer than its interval
 * and announces them; an instance announcing twice costs a refetch, not a wrong dot.
 */
export async function systemJustWentAway(db: DbOrTx, windowSeconds: number): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select id from users
    where active and availability = 'online'
      and stream_seen_at <= now() - make_interval(secs => ${presenceGraceSeconds()})
      and stream_seen_at > now() - make_interval(secs => ${presenceGraceSeconds() + windowSeconds})`);
  return rows.map((r) => r.id);
}
