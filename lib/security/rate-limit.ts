import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";

export type Limit = { max: number; windowSeconds: number };

/** Seconds until `key` may try again, or 0 if it is under its limit. Kept in the database so all instances agree. */
export async function retryAfter(db: DbOrTx, key: string, limit: Limit): Promise<number> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
  if (!row || row.resetAt.getTime() <= Date.now() || row.count < limit.max) return 0;
  return Math.max(1, Math.ceil((row.resetAt.getTime() - Date.now()) / 1000));
}

/** Counts one attempt against `key` in a fixed window. */
export async function recordAttempt(db: DbOrTx, key: string, limit: Limit): Promise<void> {
  const reset = sql`now() + make_interval(secs => ${limit.windowSeconds})`;
  await db
    .insert(rateLimits)
    .values({ key, count: 1, resetAt: sql`${reset}` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.resetAt} <= now() then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= now() then ${reset} else ${rateLimits.resetAt} end`,
      },
    });
}

export const LOGIN_LIMIT: Limit = { max: 5, windowSeconds: 15 * 60 };
