import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { publish } from "@/lib/realtime/bus";

/**
 * A copy of a reply that did not reach a Cc'd person, as an activity line in the thread. The
 * reply itself is not marked failed: the customer got it, and "failed" would invite a Resend
 * that mails everyone again. Written once per text, so a bounce read twice (a mailbox rescan)
 * adds nothing.
 */
export async function noteUndeliveredCopy(db: Db, at: { conversationId: string; inboxId: string }, line: string): Promise<void> {
  const content = line.slice(0, 2000);
  const [known] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, at.conversationId), eq(messages.kind, "activity"), eq(messages.content, content)))
    .limit(1);
  if (known) return;
  const [row] = await db.transaction((tx) => insertActivity(tx, at.conversationId, at.inboxId, [content]));
  if (row) await publish(db, { type: "message.created", conversationId: at.conversationId, messageId: row.id, inboxId: at.inboxId });
}

/** A reply's time in the words of activity lines (stored text, read by API clients too: UTC). */
export const replyTime = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";
