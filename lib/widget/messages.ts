import "server-only";
import type { Db } from "@/db/client";
import { ingestMessage } from "@/lib/conversations/ingest";
import { AppError, conflict, forbidden } from "@/lib/errors";
import { recordAttempt, retryAfter, type Limit } from "@/lib/security/rate-limit";
import { sha256Hex } from "@/lib/security/crypto";
import { parseInput } from "@/lib/validation";
import { and, eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import { attachToConversation } from "@/lib/attachments/store";
import { visitorAttachmentsFor } from "./attachments";
import type { WidgetInbox } from "./inbox";
import { findVisibleMessage, listVisibleMessages, type Visitor, type WidgetMessage } from "./visibility";
import { sendMessageSchema } from "./widget.schema";

export const VISITOR_MESSAGE_LIMIT: Limit = { max: 20, windowSeconds: 60 };

export const IDENTITY_REQUIRED = "Please verify your identity before sending messages: this chat only accepts signed-in customers.";

export async function listVisitorMessages(db: Db, visitor: Visitor): Promise<{ data: WidgetMessage[] }> {
  return { data: await listVisibleMessages(db, visitor) };
}

/**
 * A visitor's message, through the same ingestion as every channel. `clientId` makes retries
 * idempotent (source id `widget:<clientId>`); a clientId that another visitor already used is a
 * conflict, never a peek at their message.
 */
export async function sendVisitorMessage(
  db: Db,
  inbox: WidgetInbox,
  visitor: Visitor,
  input: unknown,
): Promise<{ message: WidgetMessage; created: boolean }> {
  const data = parseInput(sendMessageSchema, input);
  if (inbox.widget.requireIdentity && !visitor.verified) throw forbidden(IDENTITY_REQUIRED);

  const key = `widget:${inbox.id}:${sha256Hex(visitor.sourceId)}`;
  const wait = await retryAfter(db, key, VISITOR_MESSAGE_LIMIT);
  if (wait > 0) throw new AppError("rate_limited", "You are sending messages too quickly. Please wait a moment.", undefined, wait);

  const sourceId = `widget:${data.clientId}`;
  const files = await visitorAttachmentsFor(db, inbox, visitor, data.attachmentIds, async () => {
    const [dup] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, sourceId)));
    return Boolean(dup);
  });

  const result = await ingestMessage(db, inbox, {
    type: "message",
    contact: {
      sourceId: visitor.sourceId,
      name: visitor.name ?? undefined,
      // Ingestion links contacts across inboxes by email, so only a proven identity may bring one.
      email: visitor.verified ? (visitor.email ?? undefined) : undefined,
    },
    message: { sourceId, content: data.content.trim(), ...(files.attachments.length ? { attachments: files.attachments } : {}) },
  });
  if (result.created) await attachToConversation(db, files.ids, result.conversationId);
  if (result.created) await recordAttempt(db, key, VISITOR_MESSAGE_LIMIT);

  const message = await findVisibleMessage(db, visitor, result.messageId);
  if (!message) throw conflict("This clientId was already used; send the message with a new one");
  return { message, created: result.created };
}
