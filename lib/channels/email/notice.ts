import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contacts, conversations, messages, type EmailAddress } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import { autoReplySummary } from "./auto-reply";
import type { FeedbackReport } from "./classify-feedback";

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

/** The activity line, written once per source mail (its Message-ID): a mailbox rescan adds nothing. */
async function noteOnce(db: Db, at: { conversationId: string; inboxId: string }, sourceId: string, line: string): Promise<boolean> {
  const [row] = await db
    .insert(messages)
    .values({ conversationId: at.conversationId, inboxId: at.inboxId, kind: "activity", content: line.slice(0, 2000), sourceId })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  if (row) await publish(db, { type: "message.created", conversationId: at.conversationId, messageId: row.id, inboxId: at.inboxId });
  return Boolean(row);
}

/**
 * The conversation an automatic mail answers: the newest stored mail it references, if the sender
 * may speak there — anyone answering one of our replies (our Message-IDs reach only the people we
 * mailed), or the conversation's own contact. A Message-ID of the customer's learned elsewhere
 * must not let a stranger write lines into it.
 */
async function answeredConversation(db: Db, inboxId: string, references: string[], sender: string | undefined) {
  if (!references.length) return undefined;
  const rows = await db
    .select({ conversationId: messages.conversationId, kind: messages.kind, private: messages.private, subject: conversations.subject, contactEmail: contacts.email })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(messages.inboxId, inboxId), inArray(messages.sourceId, references), ne(messages.kind, "activity")))
    .orderBy(desc(messages.createdAt))
    .limit(20);
  return rows.find((r) => (r.kind === "outgoing" && !r.private) || (sender && r.contactEmail?.toLowerCase() === sender));
}

export type AutoReplyNote = { sourceId: string; references: string[]; from?: EmailAddress; subject: string };

/**
 * An out-of-office or other automatic answer to a conversation, as a small activity line ("Automatic
 * reply from Maya Chen: Out of office until 14 June"; the subject, never the body). It is not the
 * customer's answer: the conversation's status, unread marker and preview stay as they were.
 * One with no conversation to go to is dropped (logged).
 */
export async function noteAutoReply(db: Db, inboxId: string, reply: AutoReplyNote): Promise<"noted" | "known" | "no-conversation"> {
  const sender = reply.from?.address.toLowerCase();
  const conv = await answeredConversation(db, inboxId, reply.references, sender);
  if (!conv) {
    log.info("email", `${inboxId}: automatic reply ${reply.sourceId.slice(0, 200)} answers no conversation of this inbox, dropped`);
    return "no-conversation";
  }
  const who = reply.from?.name?.trim() || sender || "an unknown sender";
  const summary = autoReplySummary(reply.subject, conv.subject);
  const line = `Automatic reply from ${who}${summary ? `: ${summary}` : ""}`;
  return (await noteOnce(db, { conversationId: conv.conversationId, inboxId }, reply.sourceId, line)) ? "noted" : "known";
}

const COMPLAINT_WORDS: Record<string, string> = { fraud: "as fraud", virus: "as carrying a virus" };

/**
 * A feedback-loop report (ARF) about one of our replies: the recipient marked it as spam. The
 * contact is marked (`complained_at`, the first time) and the conversation gets a line, once per
 * report. The reply is found by the reported mail's Message-ID, else by its recipient's latest
 * conversation in this inbox; "not-spam" reports change nothing.
 */
export async function noteComplaint(db: Db, inboxId: string, sourceId: string, report: FeedbackReport): Promise<"noted" | "known" | "unlinked" | "not-a-complaint"> {
  if (report.feedbackType === "not-spam") return "not-a-complaint";
  let conversationId: string | undefined;
  if (report.originalIds.length) {
    const [ours] = await db
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.inboxId, inboxId), eq(messages.kind, "outgoing"), inArray(messages.sourceId, report.originalIds)))
      .limit(1);
    conversationId = ours?.conversationId;
  }
  if (!conversationId && report.recipients.length) {
    const [latest] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(and(eq(conversations.inboxId, inboxId), inArray(sql`lower(${contacts.email})`, report.recipients)))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(1);
    conversationId = latest?.id;
  }
  if (!conversationId) {
    log.warn("email", `${inboxId}: spam complaint ${sourceId.slice(0, 200)} from ${report.provider} names no reply of this inbox`);
    return "unlinked";
  }
  const [conv] = await db
    .select({ contactId: conversations.contactId, email: contacts.email })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, conversationId));
  // The person who complained: the named recipient (a Cc'd person has a contact of their own), else the conversation's contact.
  const named = report.recipients[0];
  let contactId = conv!.contactId;
  let who = conv!.email ?? "The recipient";
  if (named && named !== conv!.email?.toLowerCase()) {
    const [other] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(sql`lower(${contacts.email})`, named), eq(contacts.emailVerified, true)))
      .orderBy(contacts.createdAt)
      .limit(1);
    if (other) contactId = other.id;
    who = named;
  }
  await db
    .update(contacts)
    .set({ complainedAt: sql`coalesce(${contacts.complainedAt}, now())` })
    .where(eq(contacts.id, contactId));
  const words = COMPLAINT_WORDS[report.feedbackType] ?? "as spam";
  const line = `${who} reported this conversation's mail ${words} (feedback loop from ${report.provider})`;
  return (await noteOnce(db, { conversationId, inboxId }, sourceId, line)) ? "noted" : "known";
}
