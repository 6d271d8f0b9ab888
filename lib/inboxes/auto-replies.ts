import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { contacts, conversations, inboxes, messages, users, type AutomationSender } from "@/db/schema";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { isOpen, nextOpening, readBusinessHours } from "./business-hours";
import type { BusinessHours } from "./business-hours.schema";
import type { AutoReplies } from "./auto-replies.schema";
import { renderTemplate } from "./auto-reply-template";

/*
 * An inbox's greeting and out-of-office replies. They are queued inside the transaction that
 * stores the customer's message, as replies that go out through the channel like an agent's
 * (pending → sent/failed, retried, resendable).
 */

export const GREETING: AutomationSender = { type: "automation", id: "greeting", name: "Greeting" };
export const OUT_OF_OFFICE: AutomationSender = { type: "automation", id: "out_of_office", name: "Out of office" };

/** Messages sent by automation (auto-replies and rules) per conversation per hour (private notes do not count). */
export const AUTOMATION_CAP_PER_HOUR = 3;
/** A person who answered this recently is in the conversation: an out-of-office notice would contradict them. */
export const PERSON_REPLIED_WINDOW_MS = 5 * 60_000;

/** The inbox as ingestion has it: its row when the caller read one, or only its id. */
export type AutoReplyInbox = { id: string; name?: string; businessHours?: BusinessHours | null; autoReplies?: AutoReplies | null };

type Conversation = { id: string; number: number; contactId: string; assigneeId: string | null };

type Trigger = {
  inbox: AutoReplyInbox;
  conversation: Conversation;
  /** The customer's message opened this conversation (a greeting is due). */
  opened: boolean;
  /** When the customer wrote: the clock the business hours and the windows are read at. */
  at: Date;
};

/** How often automation wrote here in the last hour, the latest out-of-office notice, and whether a person just replied. */
async function recentActivity(tx: Tx, conversationId: string, at: Date) {
  const now = at.toISOString();
  const personSince = new Date(at.getTime() - PERSON_REPLIED_WINDOW_MS).toISOString();
  // One round trip over the conversation's (conversation_id, created_at) index.
  const { rows } = await tx.execute<{ automated: number; person_replied: boolean; last_out_of_office_ms: number | null }>(sql`
    select
      count(*) filter (where m.sender_automation is not null and m.private = false and m.created_at > ${now}::timestamptz - interval '1 hour')::int as automated,
      bool_or(m.kind = 'outgoing' and m.private = false and m.sender_user_id is not null and m.created_at > ${personSince}::timestamptz) as person_replied,
      (extract(epoch from (select max(o.created_at) from messages o where o.conversation_id = ${conversationId} and o.sender_automation ->> 'id' = ${OUT_OF_OFFICE.id} and o.created_at <= ${now}::timestamptz)) * 1000)::float8 as last_out_of_office_ms
    from messages m
    where m.conversation_id = ${conversationId} and m.created_at > ${now}::timestamptz - interval '1 hour' and m.created_at <= ${now}::timestamptz`);
  const row = rows[0];
  return {
    automated: row?.automated ?? 0,
    personReplied: row?.person_replied ?? false,
    lastOutOfOffice: row?.last_out_of_office_ms != null ? new Date(Number(row.last_out_of_office_ms)) : null,
  };
}

/** The values a message's variables are filled with: the contact, the conversation, the inbox and the assignee. */
async function templateValues(tx: Tx, inboxName: string, conversation: Conversation) {
  const [row] = await tx
    .select({ contactName: contacts.name, agentName: users.name })
    .from(contacts)
    .leftJoin(users, eq(users.id, sql`${conversation.assigneeId}::uuid`))
    .where(eq(contacts.id, conversation.contactId));
  return {
    contact: { name: row?.contactName ?? null },
    conversation: { number: conversation.number },
    inbox: { name: inboxName },
    agent: { name: row?.agentName ?? null },
  };
}

/**
 * Decides and queues the auto-replies a customer's message calls for; returns the ids of the
 * messages it stored (the caller announces them after commit). No query at all when the inbox
 * row is at hand and neither reply is on; one to read the inbox's settings otherwise.
 */
export async function systemQueueAutoReplies(tx: Tx, t: Trigger): Promise<string[]> {
  let { name, businessHours: hours, autoReplies: replies } = t.inbox;
  if (replies === undefined || name === undefined || hours === undefined) {
    const [row] = await tx
      .select({ name: inboxes.name, businessHours: inboxes.businessHours, autoReplies: inboxes.autoReplies })
      .from(inboxes)
      .where(eq(inboxes.id, t.inbox.id));
    if (!row) return [];
    ({ name, businessHours: hours, autoReplies: replies } = row);
  }
  const greeting = t.opened && replies?.greeting.enabled ? replies.greeting : null;
  const schedule = readBusinessHours(hours);
  const closed = replies?.outOfOffice.enabled && schedule ? !isOpen(schedule, t.at) : false;
  if (!greeting && !closed) return [];

  const recent = await recentActivity(tx, t.conversation.id, t.at);
  const due: { sender: AutomationSender; message: string }[] = [];
  if (greeting) due.push({ sender: GREETING, message: greeting.message });
  if (closed && !recent.personReplied) {
    // Once per closed period: an earlier notice counts unless the inbox opened since it was sent.
    const opened = recent.lastOutOfOffice ? nextOpening(schedule, recent.lastOutOfOffice) : null;
    const samePeriod = recent.lastOutOfOffice !== null && (opened === null || opened > t.at);
    if (!samePeriod) due.push({ sender: OUT_OF_OFFICE, message: replies!.outOfOffice.message });
  }
  const room = Math.max(0, AUTOMATION_CAP_PER_HOUR - recent.automated);
  const sending = due.slice(0, room);
  if (!sending.length) return [];

  const values = await templateValues(tx, name ?? "", t.conversation);
  const ids: string[] = [];
  for (const [i, reply] of sending.entries()) {
    const [m] = await tx
      .insert(messages)
      .values({
        conversationId: t.conversation.id,
        inboxId: t.inbox.id,
        kind: "outgoing",
        senderAutomation: reply.sender,
        content: renderTemplate(reply.message, values),
        status: "pending",
        // Just after the message it answers (and in order), so the thread and email threading read it as the answer.
        createdAt: new Date(t.at.getTime() + 1 + i),
      })
      .returning({ id: messages.id });
    await enqueue(tx, QUEUES.deliverMessage, { messageId: m!.id });
    ids.push(m!.id);
  }
  await tx
    .update(conversations)
    .set({ lastOutgoingAt: new Date(t.at.getTime() + sending.length) })
    .where(eq(conversations.id, t.conversation.id));
  return ids;
}
