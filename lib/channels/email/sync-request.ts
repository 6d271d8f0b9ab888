import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { gone, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { requireAdmin } from "@/lib/access/policy";
import { getBoss } from "@/lib/jobs/queue";
import { queueMailboxSync } from "./jobs";

export type SyncRequested = { inboxId: string; status: "queued" };

/**
 * "Check now" on an email inbox (administrators): queues a sync of its mailbox at once, ahead of
 * the polling tick and of any backoff after failures. The job is the one the tick queues, so a
 * sync already waiting for this inbox absorbs the request and the mailbox lease keeps a running
 * one from being doubled; the outcome shows up as the mailbox's last sync or last error.
 */
export async function requestMailboxSync(db: Db, actor: Actor, inboxId: string): Promise<SyncRequested> {
  requireAdmin(actor);
  const [row] = isUuid(inboxId)
    ? await db.select({ id: inboxes.id, channelType: inboxes.channelType, deletedAt: inboxes.deletedAt }).from(inboxes).where(eq(inboxes.id, inboxId))
    : [];
  if (!row) throw notFound("Inbox not found");
  if (row.channelType !== "email") throw notFound("This inbox does not receive email");
  if (row.deletedAt) throw gone();
  await queueMailboxSync(await getBoss(), row.id);
  return { inboxId: row.id, status: "queued" };
}
