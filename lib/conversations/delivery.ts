import "server-only";
import { contactSummaryColumns } from "@/lib/contacts/columns";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contactIdentities, contacts, conversations, inboxes, messages, users } from "@/db/schema";
import { getAdapter } from "@/lib/channels/registry";
import { PermanentDeliveryError, TransientDeliveryError, type OutboundAttachment } from "@/lib/channels/types";
import type { Attachment } from "@/db/schema";
import { attachmentIdFromUrl, systemFindAttachment } from "@/lib/attachments/store";
import { signedAttachmentUrl } from "@/lib/attachments/signed-url";
import { inboxContext } from "@/lib/inboxes/context";
import { publish } from "@/lib/realtime/bus";
import { isUniqueViolation } from "@/lib/errors";
import { labelsOfConversations } from "@/lib/labels/of-conversations";
import { serializeConversation } from "./serialize";
import { log } from "@/lib/log";
import { replyStatusOverParts } from "./part-receipts";
import { CLAIM_CLEARED, CLAIM_STALE_MS, systemClaimForSending, INTERRUPTED_SEND, systemKeepClaimAlive } from "./delivery-claim";

/** The inbox list shows "needs attention" with the channel's last error until a delivery succeeds again. */
async function setInboxHealth(db: Db, inboxId: string, error: string | null) {
  await db
    .update(inboxes)
    .set(error ? { status: "error", lastError: error, lastCheckedAt: new Date() } : { status: "active", lastError: null, lastCheckedAt: new Date() })
    .where(and(eq(inboxes.id, inboxId), error ? sql`true` : eq(inboxes.status, "error")));
}

async function setStatus(db: Db, m: { id: string; conversationId: string; inboxId: string }, status: "sent" | "failed", extra: { sourceId?: string; error?: string | null }) {
  // A receipt that overtook this bookkeeping (delivered/read already applied) must not be undone.
  const next = status === "sent" ? sql`case when ${messages.status} in ('delivered', 'read') then ${messages.status} else 'sent' end` : status;
  try {
    await db.update(messages).set({ status: next, sourceId: extra.sourceId, error: extra.error ?? null, ...CLAIM_CLEARED }).where(eq(messages.id, m.id));
  } catch (e) {
    // A provider id already held by another message of this inbox: the send happened, so record it
    // without the id (receipts for it cannot be matched) rather than failing a delivered message.
    if (!isUniqueViolation(e, "messages_inbox_source_idx")) throw e;
    log.warn("delivery", `provider id already used in inbox ${m.inboxId}; message ${m.id} stored without it`);
    await db.update(messages).set({ status: next, error: extra.error ?? null, ...CLAIM_CLEARED }).where(eq(messages.id, m.id));
  }
  await publish(db, { type: "message.updated", conversationId: m.conversationId, messageId: m.id, inboxId: m.inboxId });
}

/** Thrown by deliverMessage when a transient failure should be retried; the worker schedules the retry. */
export class RetryDelivery extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Thrown when another attempt is sending this reply right now (delivery-claim.ts): the worker
 * looks again once that attempt's claim would have gone stale, without counting an attempt.
 */
export class DeliveryBusy extends RetryDelivery {
  constructor() {
    super("Another attempt is sending this reply", CLAIM_STALE_MS / 1000);
  }
}

/** Attachments as an adapter needs them: bytes on demand, or a signed link for providers that fetch by URL. */
function outboundAttachments(db: Db, items: Attachment[]): OutboundAttachment[] {
  return items.flatMap((a) => {
    const id = attachmentIdFromUrl(a.url);
    if (!id) return [];
    return [
      {
        id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        publicUrl: signedAttachmentUrl(id),
        read: async () => {
          const row = await systemFindAttachment(db, id);
          if (!row) throw new PermanentDeliveryError(`The attachment ${a.name} no longer exists`);
          return row.bytes;
        },
      },
    ];
  });
}

/** The reply with everything its channel needs, by id alone (a job: no user, so no visibility filter). */
async function systemOutgoingMessage(db: Db, messageId: string) {
  const [row] = await db
    .select({ m: messages, conv: conversations, inbox: inboxes, contact: contacts, sourceId: contactIdentities.sourceId, senderName: users.name })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(inboxes, eq(inboxes.id, messages.inboxId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(contactIdentities, eq(contactIdentities.id, conversations.contactIdentityId))
    .leftJoin(users, eq(users.id, messages.senderUserId))
    .where(eq(messages.id, messageId));
  return row;
}

/**
 * Job handler: hands one pending reply to its channel. A transient failure throws RetryDelivery
 * (the worker re-queues it with backoff or the provider's Retry-After); the last attempt or a
 * permanent refusal marks the message failed with the reason the agent will read.
 */
export async function deliverMessage(db: Db, messageId: string, opts: { finalAttempt: boolean }): Promise<void> {
  const row = await systemOutgoingMessage(db, messageId);
  if (!row || row.m.status !== "pending" || row.m.private) return;
  if (row.inbox.deletedAt) return setStatus(db, row.m, "failed", { error: "The inbox was deleted before this message could be sent" });
  const adapter = getAdapter(row.inbox.channelType);
  if (!adapter) return setStatus(db, row.m, "failed", { error: `The ${row.inbox.channelType} channel is not available` });
  const claim = await systemClaimForSending(db, row.m.id);
  if (claim.kind === "settled") return;
  if (claim.kind === "busy") throw new DeliveryBusy();
  // The attempt before this one died inside its send: a second copy is only harmless where the
  // other side drops repeats; elsewhere the agent decides, told plainly what happened.
  if (claim.interrupted && !adapter.resendIsHarmless) return setStatus(db, row.m, "failed", { error: INTERRUPTED_SEND });
  const heartbeat = systemKeepClaimAlive(db, row.m.id, claim.attemptId);
  let sourceId: string;
  try {
    ({ sourceId } = await adapter.send(
      {
        id: row.m.id,
        conversationId: row.conv.id,
        conversationNumber: row.conv.number,
        content: row.m.content,
        attachments: outboundAttachments(db, row.m.attachments),
        createdAt: row.m.createdAt,
        sender: row.m.senderUserId ? { id: row.m.senderUserId, name: row.senderName ?? "" } : null,
        contact: { id: row.contact.id, sourceId: row.sourceId, name: row.contact.name, email: row.contact.email, phone: row.contact.phone },
        ...(row.m.cc ? { cc: row.m.cc } : {}),
        progress: {
          sent: row.m.sentParts,
          partSent: async (providerId) => {
            await db
              .update(messages)
              .set({ sentParts: sql`${messages.sentParts} || ${JSON.stringify([providerId])}::jsonb` })
              .where(eq(messages.id, row.m.id))
              .catch((e: unknown) => {
                throw new OutcomeNotRecorded(e);
              });
          },
        },
      },
      inboxContext(row.inbox),
    ));
  } catch (e) {
    heartbeat.stop();
    // A part went out but could not be recorded: the claim stays, so the next attempt treats the
    // send as interrupted instead of sending that part again.
    if (e instanceof OutcomeNotRecorded) throw e.cause;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof PermanentDeliveryError || opts.finalAttempt) {
      await setStatus(db, row.m, "failed", { error: message });
      // One customer's refusal (blocked bot, closed window) is not the inbox's problem; rejected
      // credentials or a provider that stayed down through every retry are.
      const permanent = e instanceof PermanentDeliveryError;
      if (!permanent || e.needsAttention) await setInboxHealth(db, row.inbox.id, message);
      return;
    }
    // Keep the latest reason visible while retries continue; the provider said no, so the claim goes.
    await db.update(messages).set({ error: message, ...CLAIM_CLEARED }).where(eq(messages.id, row.m.id));
    await publish(db, { type: "message.updated", conversationId: row.m.conversationId, messageId: row.m.id, inboxId: row.m.inboxId });
    throw new RetryDelivery(message, e instanceof TransientDeliveryError ? e.retryAfterSeconds : undefined);
  }
  // The provider accepted it. Recording that is outside the catch above: a database error here is
  // not a failed send (it would be retried and sent twice). It propagates with the claim still in
  // place, so the next attempt sees an interrupted send.
  try {
    await setStatus(db, row.m, "sent", { sourceId });
  } finally {
    heartbeat.stop();
  }
  await applyEarlyPartReceipts(db, row.m, sourceId).catch((e) => log.warn("delivery", `message ${row.m.id}: early part receipts not applied`, e));
  if (row.inbox.status === "error") await setInboxHealth(db, row.inbox.id, null).catch((e) => log.warn("delivery", `inbox ${row.inbox.id}: health not reset`, e));
}

/**
 * Part receipts that arrived while the reply was still being sent are kept, not applied
 * (ingest.ts applyPartStatus): once it is recorded as sent, the reply takes the status over its
 * parts. Only forward from "sent"; a receipt arriving meanwhile settles it itself.
 */
async function applyEarlyPartReceipts(db: Db, m: { id: string; conversationId: string; inboxId: string }, sourceId: string) {
  const [now] = await db.select({ status: messages.status, sentParts: messages.sentParts, partStatuses: messages.partStatuses }).from(messages).where(eq(messages.id, m.id));
  if (!now || now.status !== "sent" || Object.keys(now.partStatuses).length === 0) return;
  const next = replyStatusOverParts(now.sentParts.length ? now.sentParts : [sourceId], now.partStatuses);
  if (next.status === "sent") return;
  const [changed] = await db
    .update(messages)
    .set({ status: next.status, error: next.error ?? null })
    .where(and(eq(messages.id, m.id), eq(messages.status, "sent")))
    .returning({ id: messages.id });
  if (changed) await publish(db, { type: "message.updated", conversationId: m.conversationId, messageId: m.id, inboxId: m.inboxId });
}

/** A database error while recording a part the provider already accepted. */
class OutcomeNotRecorded extends Error {
  constructor(readonly cause: unknown) {
    super("The outcome of a send could not be recorded");
  }
}

/** A conversation with its inbox and contact, by id alone (a job: no user, so no visibility filter). */
async function systemConversationForEvent(db: Db, conversationId: string) {
  const [row] = await db
    .select({ conv: conversations, inbox: inboxes, contact: contactSummaryColumns })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, conversationId));
  return row;
}

/** Job handler: forwards a conversation change to the channel (the api channel's callback URL). */
export async function deliverEvent(db: Db, data: { inboxId: string; conversationId: string; event: string; changes?: string[] }, opts: { finalAttempt: boolean; eventId: string }) {
  const row = await systemConversationForEvent(db, data.conversationId);
  if (!row || row.inbox.deletedAt) return;
  const adapter = getAdapter(row.inbox.channelType);
  if (!adapter?.notify) return;
  const labels = await labelsOfConversations(db, [row.conv.id]);
  try {
    await adapter.notify(
      {
        event: data.event,
        // The job's id: the same on every retry of this event, so a receiver can drop a repeat.
        id: opts.eventId,
        createdAt: new Date().toISOString(),
        data: { ...serializeConversation(row.conv, row.contact, labels.get(row.conv.id) ?? []), changes: data.changes ?? [] },
      },
      inboxContext(row.inbox),
    );
  } catch (e) {
    if (e instanceof PermanentDeliveryError || opts.finalAttempt) {
      log.warn("delivery", `event ${data.event} for ${data.conversationId} dropped`, e);
      return;
    }
    throw e;
  }
}
