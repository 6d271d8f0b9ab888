import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages } from "@/db/schema";
import { log } from "@/lib/log";

/*
 * Who is sending a reply right now (docs/architecture.md §6.5). A delivery job can run twice at
 * once — pg-boss hands an expired job to another worker while the first may still be in its
 * provider call — and an attempt can die mid-call (the app killed, the database gone), leaving
 * nobody to say whether the customer got the reply. So an attempt first claims the reply and
 * renews a heartbeat while it works:
 *   - a claim with a live heartbeat: another attempt is at it; this one steps back ("busy");
 *   - a claim whose heartbeat stopped: the attempt that held it died mid-send ("interrupted");
 *     the reply is sent again only where a repeat is harmless (ChannelDefinition.resendIsHarmless);
 *   - no claim: a fresh attempt.
 * Recording the outcome (sent, failed, or a known failure to retry) clears the claim.
 */

export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this means its attempt is gone (several missed beats, never a slow call). */
export const CLAIM_STALE_MS = 20_000;

/** The columns that clear a claim: spread into the update that records an attempt's outcome. */
export const CLAIM_CLEARED = { sendingBy: null, sendingHeartbeatAt: null } as const;

export type Claim =
  | { kind: "claimed"; attemptId: string; interrupted: boolean }
  | { kind: "busy" }
  /** Sent, failed or gone meanwhile: nothing to do. */
  | { kind: "settled" };

/** Claims a pending reply for this attempt, atomically, unless a live attempt holds it. */
export async function systemClaimForSending(db: Db, messageId: string): Promise<Claim> {
  const attemptId = randomUUID();
  // The sub-select locks the row and reads the claim it replaces in the same statement, so two
  // attempts racing for one reply cannot both win.
  const { rows } = await db.execute<{ prev_by: string | null }>(sql`
    update ${messages} m set sending_by = ${attemptId}, sending_heartbeat_at = now()
    from (select id, sending_by as prev_by from ${messages} where id = ${messageId} for update) prev
    where m.id = prev.id and m.status = 'pending'
      and (m.sending_heartbeat_at is null or m.sending_heartbeat_at < now() - make_interval(secs => ${CLAIM_STALE_MS / 1000}))
    returning prev.prev_by`);
  if (rows.length) return { kind: "claimed", attemptId, interrupted: rows[0]!.prev_by !== null };
  const [row] = await db.select({ status: messages.status }).from(messages).where(eq(messages.id, messageId));
  return row?.status === "pending" ? { kind: "busy" } : { kind: "settled" };
}

/**
 * Longest an attempt keeps its claim alive. Every provider call is bounded (at most 120 s, an
 * upload), so an attempt still running after this is stuck (a hung database call): its claim is
 * let go stale, and the next attempt treats the send as interrupted instead of stepping back forever.
 */
export const MAX_ATTEMPT_MS = 5 * 60_000;

/** Renews the claim while the attempt runs; stop() when its outcome is recorded (or it failed). */
export function systemKeepClaimAlive(db: Db, messageId: string, attemptId: string, maxMs = MAX_ATTEMPT_MS): { stop(): void } {
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > maxMs) {
      clearInterval(timer);
      log.warn("delivery", `message ${messageId}: attempt still running after ${Math.round(maxMs / 1000)} s; its claim is let go`);
      return;
    }
    db.update(messages)
      .set({ sendingHeartbeatAt: sql`now()` })
      .where(and(eq(messages.id, messageId), eq(messages.sendingBy, attemptId)))
      .catch((e) => log.warn("delivery", `heartbeat for message ${messageId} failed`, e));
  }, HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** What the agent reads on a reply whose send was interrupted on a channel that cannot drop a repeat. */
export const INTERRUPTED_SEND =
  "Konversio was interrupted while handing this reply to the channel, so it may have reached the customer anyway. Check before you resend it.";
