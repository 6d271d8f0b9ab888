import "server-only";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import type { Db } from "@/db/client";
import { emailMailboxes, inboxes, messages } from "@/db/schema";
import { inboxContext } from "@/lib/inboxes/context";
import { publish } from "@/lib/realtime/bus";
import { channelKeyFor } from "./check";
import { closeImap, imapClient, isAuthFailure, serverWords } from "./connection";
import { processRawEmail } from "./inbound";
import { emailConfig, emailSecrets, imapSettings, type EmailConfig } from "./schema";
import { log } from "@/lib/log";

/** Bounds of one sync run, so a huge backlog is worked off over several runs without holding the lease too long. */
const MAX_MESSAGES_PER_RUN = 200;
const MAX_RUN_MS = 120_000;
const LEASE_SECONDS = 300;
/** Larger mails are not downloaded; the agent sees a note instead (the limit of most providers is 25–50 MB). */
const MAX_MAIL_BYTES = 40 * 1024 * 1024;
/** After a UIDVALIDITY change, mail is looked at again from a little before the last complete sync. */
const RESCAN_MARGIN_MS = 10 * 60_000;
export const SYNC_ERROR_PREFIX = "Receiving mail failed: ";

export type SyncResult =
  | { status: "skipped"; reason: "not-email" | "deleted" | "busy" }
  | { status: "ok"; imported: number; ignored: number; complete: boolean }
  | { status: "error"; error: string };

type Candidate = { uid: number; messageId?: string; internalDate?: Date; size?: number };

/** Takes the mailbox's lease; false if another worker is following it right now. */
async function acquire(db: Db, inboxId: string) {
  await db.insert(emailMailboxes).values({ inboxId }).onConflictDoNothing();
  const [row] = await db
    .update(emailMailboxes)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(and(eq(emailMailboxes.inboxId, inboxId), or(isNull(emailMailboxes.lockedUntil), lt(emailMailboxes.lockedUntil, sql`now()`))))
    .returning();
  return row ?? null;
}

function isDatabaseError(e: unknown): boolean {
  const err = e as { name?: string; code?: unknown; cause?: unknown } | null;
  if (!err) return false;
  if (err.name === "DrizzleQueryError" || (typeof err.code === "string" && /^[0-9A-Z]{5}$/.test(err.code))) return true;
  if (typeof err.code === "string" && /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH)/.test(err.code)) return true;
  return err.cause ? isDatabaseError(err.cause) : false;
}

/**
 * IMAP arrival times have whole seconds. The end of that second (never later than now) keeps a
 * customer's quick answer after the reply it answers, which carries a precise time.
 */
const arrival = (d: Date | undefined) => (d ? new Date(Math.min(Date.now(), Math.floor(d.getTime() / 1000) * 1000 + 999)) : undefined);

const asDate = (d: Date | string | undefined) => (d === undefined ? undefined : d instanceof Date ? d : new Date(d));

async function listCandidates(client: ImapFlow, range: string | { since: Date }): Promise<Candidate[]> {
  const out: Candidate[] = [];
  if (typeof range !== "string") {
    const uids = await client.search(range, { uid: true });
    if (!uids || !uids.length) return out;
    range = uids.join(",");
  }
  // Envelopes only: bodies are downloaded one by one after, never for mail already stored.
  for await (const m of client.fetch(range, { uid: true, envelope: true, internalDate: true, size: true }, { uid: true })) {
    out.push({ uid: m.uid, messageId: m.envelope?.messageId, internalDate: asDate(m.internalDate), size: m.size });
  }
  return out.sort((a, b) => a.uid - b.uid);
}

async function alreadyStored(db: Db, inboxId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ sourceId: messages.sourceId })
    .from(messages)
    .where(and(eq(messages.inboxId, inboxId), inArray(messages.sourceId, ids)));
  return new Set(rows.map((r) => r.sourceId!));
}

async function recordFailure(db: Db, inboxId: string, failures: number, message: string, auth: boolean) {
  // 30 s, 1, 2, 4 … up to 15 minutes between attempts while a mailbox keeps failing.
  const backoff = Math.min(30 * 2 ** failures, 900);
  await db
    .update(emailMailboxes)
    .set({ lastError: message, lastErrorAt: new Date(), failures: failures + 1, nextSyncAt: sql`now() + make_interval(secs => ${backoff})` })
    .where(eq(emailMailboxes.inboxId, inboxId));
  if (auth) {
    // Credentials that stopped working put the inbox into "needs attention", like a refused delivery does.
    await db.update(inboxes).set({ status: "error", lastError: message, lastCheckedAt: new Date() }).where(eq(inboxes.id, inboxId));
    await publish(db, { type: "inbox.updated", inboxId });
  }
}

/**
 * Follows one inbox's mailbox from where the last run stopped: new UIDs since `lastUid` within
 * the same UIDVALIDITY; on the first run (and after a UIDVALIDITY change) everything received
 * since the inbox was created (or shortly before the last complete sync), skipping what is
 * already stored by Message-ID. `lastUid` advances after each mail, so a crash re-reads at most
 * the mail it was on, which ingestion then recognises.
 */
export async function syncMailbox(db: Db, inboxId: string): Promise<SyncResult> {
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, inboxId));
  if (!row || row.channelType !== "email") return { status: "skipped", reason: "not-email" };
  if (row.deletedAt) return { status: "skipped", reason: "deleted" };
  const state = await acquire(db, inboxId);
  if (!state) return { status: "skipped", reason: "busy" };

  const ctx = inboxContext(row);
  const config = emailConfig.parse(ctx.config) as EmailConfig;
  const settings = imapSettings(config, emailSecrets.parse(ctx.secrets));
  const startedAt = new Date();
  const client = imapClient(settings);
  let imported = 0;
  let ignored = 0;
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen(settings.mailbox, { readOnly: true });
    const uidValidity = String(mailbox.uidValidity);
    // UIDs mean something only within one UIDVALIDITY of one mailbox (the admin may point the inbox elsewhere).
    const mailboxKey = channelKeyFor(config);
    const sameEpoch = state.uidValidity === uidValidity && state.mailboxKey === mailboxKey;
    let lastUid = sameEpoch ? state.lastUid : 0;

    let candidates: Candidate[];
    if (sameEpoch) {
      candidates = mailbox.uidNext - 1 > lastUid ? (await listCandidates(client, `${lastUid + 1}:*`)).filter((c) => c.uid > lastUid) : [];
    } else {
      // Only mail that arrived after the inbox was created is imported (IMAP dates have whole seconds).
      const from = state.uidValidity && state.lastSyncAt ? new Date(state.lastSyncAt.getTime() - RESCAN_MARGIN_MS) : new Date(Math.floor(row.createdAt.getTime() / 1000) * 1000);
      // SEARCH SINCE takes a date in the server's time zone: ask a day early, then compare exact times.
      const all = mailbox.exists ? await listCandidates(client, { since: new Date(from.getTime() - 86_400_000) }) : [];
      candidates = all.filter((c) => !c.internalDate || c.internalDate >= from);
      if (state.uidValidity) console.warn(`[email] ${inboxId}: mailbox or UIDVALIDITY changed (${state.uidValidity} → ${uidValidity}); rescanning since ${from.toISOString()}`);
    }

    const stored = await alreadyStored(db, inboxId, candidates.flatMap((c) => (c.messageId ? [c.messageId] : [])));
    let complete = true;
    for (const c of candidates) {
      if (imported + ignored >= MAX_MESSAGES_PER_RUN || Date.now() - startedAt.getTime() > MAX_RUN_MS) {
        complete = false;
        break;
      }
      if (!(c.messageId && stored.has(c.messageId))) {
        if ((c.size ?? 0) > MAX_MAIL_BYTES) {
          console.warn(`[email] ${inboxId}: skipped UID ${c.uid}, ${c.size} bytes is over the limit`);
          ignored++;
        } else {
          const msg = await client.fetchOne(String(c.uid), { source: true }, { uid: true });
          if (msg && msg.source) {
            try {
              const outcome = await processRawEmail(db, { id: inboxId, config }, msg.source, { receivedAt: arrival(c.internalDate) });
              if (outcome.kind === "stored" && outcome.created) imported++;
              else ignored++;
            } catch (e) {
              // The database failing stops the run (the mail is read again next time); a mail we cannot
              // read is skipped, or it would block everything after it for good.
              if (isDatabaseError(e)) throw e;
              log.error("email", `${inboxId}: could not import UID ${c.uid}`, e);
              ignored++;
            }
          }
        }
      }
      lastUid = Math.max(lastUid, c.uid);
      await db.update(emailMailboxes).set({ mailboxKey, uidValidity, lastUid }).where(eq(emailMailboxes.inboxId, inboxId));
    }
    if (complete) lastUid = Math.max(lastUid, mailbox.uidNext - 1);
    await db
      .update(emailMailboxes)
      .set({ mailboxKey, uidValidity, lastUid, ...(complete ? { lastSyncAt: startedAt } : {}), lastError: null, lastErrorAt: null, failures: 0, nextSyncAt: null })
      .where(eq(emailMailboxes.inboxId, inboxId));
    // A login that works again clears the "needs attention" a failed sync had set.
    if (row.status === "error" && row.lastError?.startsWith(SYNC_ERROR_PREFIX)) {
      await db.update(inboxes).set({ status: "active", lastError: null, lastCheckedAt: new Date() }).where(eq(inboxes.id, inboxId));
      await publish(db, { type: "inbox.updated", inboxId });
    }
    return { status: "ok", imported, ignored, complete };
  } catch (e) {
    const message = SYNC_ERROR_PREFIX + (isAuthFailure(e) ? `IMAP login refused: ${serverWords(e)}` : serverWords(e));
    console.warn(`[email] ${inboxId}: ${message}`);
    await recordFailure(db, inboxId, state.failures, message, isAuthFailure(e));
    return { status: "error", error: message };
  } finally {
    await closeImap(client);
    await db.update(emailMailboxes).set({ lockedUntil: null }).where(eq(emailMailboxes.inboxId, inboxId));
  }
}

/** Live email inboxes whose mailbox is due (never synced, or past their backoff). */
export async function dueMailboxes(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .leftJoin(emailMailboxes, eq(emailMailboxes.inboxId, inboxes.id))
    .where(and(eq(inboxes.channelType, "email"), isNull(inboxes.deletedAt), or(isNull(emailMailboxes.nextSyncAt), lt(emailMailboxes.nextSyncAt, sql`now()`))));
  return rows.map((r) => r.id);
}
