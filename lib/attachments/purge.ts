import "server-only";
import { and, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attachments } from "@/db/schema";

/** How long an upload may wait for the message that uses it (a visitor who picked a file and left). */
export const UNSENT_UPLOAD_TTL_HOURS = 24;

/** Job: deletes uploads that never became part of a message. Returns how many were removed. */
export async function systemPurgeUnsentUploads(db: DbOrTx, olderThanHours = UNSENT_UPLOAD_TTL_HOURS): Promise<number> {
  const removed = await db
    .delete(attachments)
    .where(and(isNull(attachments.conversationId), lt(attachments.createdAt, sql`now() - make_interval(hours => ${olderThanHours})`)))
    .returning({ id: attachments.id });
  return removed.length;
}
