import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireReplyableConversation } from "@/lib/access/visibility";
import { AppError, notFound } from "@/lib/errors";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { createMessageSchema } from "./conversation.schema";
import { getMessage } from "./messages";
import { preview } from "./preview";
import { agentAttachmentsFor } from "./agent-attachments";
import { attachToConversation, attachmentIdFromUrl } from "@/lib/attachments/store";
import { isUuid } from "@/lib/ids";

/**
 * An agent's reply or private note. A reply is stored as `pending` and its delivery job is
 * queued in the same transaction; a note has no status and is never delivered.
 */
export async function createMessage(db: Db, actor: Actor, ref: string, input: unknown) {
  const data = parseInput(createMessageSchema, input);
  const conv = await requireReplyableConversation(db, actor, ref);
  if (data.cc && conv.inboxChannelType !== "email") {
    throw new AppError("validation", "cc: only email conversations have copies", { cc: ["Only email conversations have copies"] });
  }
  const messageId = await db.transaction(async (tx) => {
    const files = await agentAttachmentsFor(tx, actor, conv.inboxId, data.attachmentIds);
    // Row locks make a second message racing for the same upload bind nothing, and fail.
    const bound = await attachToConversation(tx, files.map((f) => attachmentIdFromUrl(f.url)!), conv.id);
    if (bound !== files.length) throw new AppError("validation", "This file was already sent: upload it again to send it once more");
    const [m] = await tx
      .insert(messages)
      .values({
        conversationId: conv.id,
        inboxId: conv.inboxId,
        kind: "outgoing",
        private: data.private,
        senderUserId: actor.id,
        content: data.content,
        attachments: files,
        status: data.private ? null : "pending",
        cc: data.cc ?? null,
      })
      .returning({ id: messages.id });
    await tx
      .update(conversations)
      .set({
        lastActivityAt: sql`now()`,
        // A person wrote: new activity for time rules (a note too); a public reply is also our last outgoing.
        lastPersonMessageAt: sql`now()`,
        ...(data.private ? {} : { lastMessagePreview: preview(data.content, files), lastOutgoingAt: sql`now()`, waitingSince: null }),
        // Answering an unassigned conversation takes it, as agents expect in shared inboxes.
        ...(conv.assigneeId || data.private ? {} : { assigneeId: actor.id }),
      })
      .where(eq(conversations.id, conv.id));
    if (!data.private) await enqueue(tx, QUEUES.deliverMessage, { messageId: m!.id });
    return m!.id;
  });
  await publish(
    db,
    { type: "message.created", conversationId: conv.id, messageId, inboxId: conv.inboxId },
    { type: "conversation.updated", conversationId: conv.id, inboxId: conv.inboxId },
  );
  return (await getMessage(db, actor, conv.id, messageId))!;
}

/**
 * The parts a resend keeps: those before the first part a receipt reported failed (a reply in
 * parts resumes after its delivered prefix, lib/channels/shared/parts.ts), so the customer gets
 * the failed part and the ones after it again, in order.
 */
const partsBeforeFirstFailure = sql`coalesce((
  select jsonb_agg(p.value order by p.ord) from jsonb_array_elements(${messages.sentParts}) with ordinality as p(value, ord)
  where p.ord < coalesce((
    select min(f.ord) from jsonb_array_elements_text(${messages.sentParts}) with ordinality as f(id, ord)
    where ${messages.partStatuses} -> f.id ->> 'status' = 'failed'
  ), p.ord + 1)
), '[]'::jsonb)`;

/** Puts a failed reply back in the queue. */
export async function resendMessage(db: Db, actor: Actor, ref: string, messageId: string) {
  const conv = await requireReplyableConversation(db, actor, ref);
  if (!isUuid(messageId)) throw notFound("Message not found");
  const ok = await db.transaction(async (tx) => {
    const [m] = await tx
      .update(messages)
      .set({ status: "pending", error: null, sentParts: partsBeforeFirstFailure })
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conv.id), eq(messages.status, "failed")))
      .returning({ id: messages.id });
    if (m) await enqueue(tx, QUEUES.deliverMessage, { messageId: m.id });
    return Boolean(m);
  });
  if (!ok) {
    const existing = await getMessage(db, actor, conv.id, messageId);
    if (!existing) throw notFound("Message not found");
    throw new AppError("conflict", "Only a failed message can be resent");
  }
  await publish(db, { type: "message.updated", conversationId: conv.id, messageId, inboxId: conv.inboxId });
  return (await getMessage(db, actor, conv.id, messageId))!;
}
