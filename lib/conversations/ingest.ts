import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { contactIdentities, contacts, conversations, messages } from "@/db/schema";
import type { InboundEvent } from "@/lib/channels/types";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { preview } from "./preview";

type InboundMessage = Extract<InboundEvent, { type: "message" }>;
type InboxRef = { id: string };

export type IngestResult = { conversationId: string; messageId: string; created: boolean };

const STATUS_RANK = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;

async function upsertIdentity(tx: Tx, inboxId: string, contact: InboundMessage["contact"]) {
  const [existing] = await tx
    .select({ id: contactIdentities.id, contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.inboxId, inboxId), eq(contactIdentities.sourceId, contact.sourceId)));
  if (existing) {
    // Fill in details the contact did not have; never overwrite what an agent may have edited.
    await tx
      .update(contacts)
      .set({
        name: sql`coalesce(${contacts.name}, ${contact.name ?? null})`,
        email: sql`coalesce(${contacts.email}, ${contact.email ?? null})`,
        phone: sql`coalesce(${contacts.phone}, ${contact.phone ?? null})`,
      })
      .where(eq(contacts.id, existing.contactId));
    return existing;
  }
  // One person writing to several inboxes is one contact: a known email address links them.
  // Serialised per address, or first messages arriving at once in two inboxes make two contacts.
  if (contact.email) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"contact-email:" + contact.email.toLowerCase()}, 0))`);
  }
  const [known] = contact.email
    ? await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(eq(sql`lower(${contacts.email})`, contact.email.toLowerCase()))
        .orderBy(contacts.createdAt)
        .limit(1)
    : [];
  const [c] = known
    ? [known]
    : await tx
        .insert(contacts)
        .values({ name: contact.name ?? null, email: contact.email ?? null, phone: contact.phone ?? null })
        .returning({ id: contacts.id });
  const [identity] = await tx
    .insert(contactIdentities)
    .values({ contactId: c!.id, inboxId, sourceId: contact.sourceId })
    .returning({ id: contactIdentities.id, contactId: contactIdentities.contactId });
  return identity!;
}

async function findConversation(tx: Tx, inboxId: string, identityId: string, msg: InboundMessage["message"]) {
  if (msg.references) {
    // Email threading: only an explicit reference to a stored message joins a conversation.
    if (msg.references.length === 0) return null;
    const [hit] = await tx
      .select({ id: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.inboxId, inboxId), inArray(messages.sourceId, msg.references)))
      .limit(1);
    return hit ? (await tx.select().from(conversations).where(eq(conversations.id, hit.id)))[0] ?? null : null;
  }
  // Chat channels: the identity's latest conversation in this inbox, unless it is resolved.
  const [latest] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactIdentityId, identityId), eq(conversations.inboxId, inboxId)))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  return latest && latest.status !== "resolved" ? latest : null;
}

/**
 * Stores one inbound message in one transaction. Idempotent: a provider retry or a concurrent
 * duplicate (same inbox + source id) stores nothing new and returns the original ids.
 */
export async function ingestMessage(db: Db, inbox: InboxRef, event: InboundMessage): Promise<IngestResult> {
  const events: RealtimeEvent[] = [];
  const result = await db.transaction(async (tx) => {
    // Serialise work per contact identity so concurrent deliveries cannot open two conversations.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${inbox.id + ":" + event.contact.sourceId}, 0))`);
    const [dup] = await tx
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, event.message.sourceId)));
    if (dup) return { conversationId: dup.conversationId, messageId: dup.id, created: false };

    const identity = await upsertIdentity(tx, inbox.id, event.contact);
    let conv = await findConversation(tx, inbox.id, identity.id, event.message);
    const at = event.message.createdAt ?? new Date();
    if (!conv) {
      [conv] = await tx
        .insert(conversations)
        .values({
          inboxId: inbox.id,
          contactId: identity.contactId,
          contactIdentityId: identity.id,
          subject: event.message.subject ?? null,
          lastActivityAt: at,
        })
        .returning();
      events.push({ type: "conversation.created", conversationId: conv!.id, inboxId: inbox.id });
    }
    const [msg] = await tx
      .insert(messages)
      .values({
        conversationId: conv!.id,
        inboxId: inbox.id,
        kind: "incoming",
        senderContactId: identity.contactId,
        content: event.message.content,
        attachments: event.message.attachments ?? [],
        sourceId: event.message.sourceId,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: messages.id });
    if (!msg) {
      // Same source id under another identity: keep the first copy and undo this attempt.
      tx.rollback();
    }
    await tx
      .update(conversations)
      .set({
        lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${at})`,
        lastIncomingAt: at,
        lastMessagePreview: preview(event.message.content, event.message.attachments),
        // A customer writing again brings a parked conversation back to the queue.
        status: sql`case when ${conversations.status} in ('snoozed', 'pending') then 'open' else ${conversations.status} end`,
        snoozedUntil: null,
      })
      .where(eq(conversations.id, conv!.id));
    if (!events.length) events.push({ type: "conversation.updated", conversationId: conv!.id, inboxId: inbox.id });
    events.push({ type: "message.created", conversationId: conv!.id, messageId: msg!.id, inboxId: inbox.id });
    return { conversationId: conv!.id, messageId: msg!.id, created: true };
  }).catch(async (e) => {
    if ((e as Error)?.message === "Rollback") {
      const [dup] = await db
        .select({ id: messages.id, conversationId: messages.conversationId })
        .from(messages)
        .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, event.message.sourceId)));
      if (dup) return { conversationId: dup.conversationId, messageId: dup.id, created: false };
    }
    throw e;
  });
  await publish(db, ...events);
  return result;
}

/** Applies a provider delivery receipt to the outgoing message it names; never moves a status backwards. */
export async function applyStatus(db: Db, inbox: InboxRef, event: Extract<InboundEvent, { type: "status" }>) {
  const [msg] = await db
    .select({ id: messages.id, status: messages.status, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, event.sourceId), ne(messages.kind, "incoming")));
  if (!msg) return false;
  const current = msg.status ? STATUS_RANK[msg.status] : -1;
  // Receipts only move forward; a failure report after delivery/read would contradict what the customer saw.
  const allowed = event.status === "failed" ? current <= STATUS_RANK.sent : current < STATUS_RANK[event.status];
  if (!allowed) return false;
  await db
    .update(messages)
    .set({ status: event.status, error: event.status === "failed" ? (event.error ?? "Delivery failed") : null })
    .where(eq(messages.id, msg.id));
  await publish(db, { type: "message.updated", conversationId: msg.conversationId, messageId: msg.id, inboxId: inbox.id });
  return true;
}

export async function ingestEvents(db: Db, inbox: InboxRef, events: InboundEvent[]) {
  const results: IngestResult[] = [];
  for (const e of events) {
    if (e.type === "message") results.push(await ingestMessage(db, inbox, e));
    else await applyStatus(db, inbox, e);
  }
  return results;
}
