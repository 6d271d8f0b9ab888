import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailMailboxes } from "@/db/schema";

export type MailboxStatus = {
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  nextSyncAt: Date | null;
};

/** How following an inbox's mailbox goes, for its settings page; all null before the first run. */
export async function mailboxStatus(db: DbOrTx, inboxId: string): Promise<MailboxStatus> {
  const [row] = await db
    .select({ lastSyncAt: emailMailboxes.lastSyncAt, lastError: emailMailboxes.lastError, lastErrorAt: emailMailboxes.lastErrorAt, nextSyncAt: emailMailboxes.nextSyncAt })
    .from(emailMailboxes)
    .where(eq(emailMailboxes.inboxId, inboxId));
  return row ?? { lastSyncAt: null, lastError: null, lastErrorAt: null, nextSyncAt: null };
}
