import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contacts, conversationReads, messages, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation } from "@/lib/access/visibility";
import type { ApiMessage } from "./serialize";
import { isUuid } from "@/lib/ids";

type Row = { m: typeof messages.$inferSelect; userName: string | null; contactName: string | null };

export function serializeMessage({ m, userName, contactName }: Row): ApiMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    kind: m.kind,
    private: m.private,
    content: m.content,
    attachments: m.attachments,
    status: m.status,
    error: m.error,
    // Auto-replies (and later automation rules) name themselves as the sender.
    sender: m.senderAutomation
      ? m.senderAutomation
      : m.senderUserId
      ? { type: "user", id: m.senderUserId, name: userName }
      : m.senderContactId
        ? { type: "contact", id: m.senderContactId, name: contactName }
        : null,
    createdAt: m.createdAt.toISOString(),
  };
}

function messageQuery(db: DbOrTx) {
  return db
    .select({ m: messages, userName: users.name, contactName: contacts.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.senderUserId))
    .leftJoin(contacts, eq(contacts.id, messages.senderContactId));
}

/** The thread of a conversation the actor can see (404 otherwise), oldest first. */
export async function listMessages(db: DbOrTx, actor: Actor, ref: string | number): Promise<ApiMessage[]> {
  const conv = await requireVisibleConversation(db, actor, ref);
  const rows = await messageQuery(db).where(eq(messages.conversationId, conv.id)).orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map(serializeMessage);
}

export async function getMessage(db: DbOrTx, actor: Actor, conversationRef: string, messageId: string): Promise<ApiMessage | null> {
  const conv = await requireVisibleConversation(db, actor, conversationRef);
  if (!isUuid(messageId)) return null;
  const [row] = await messageQuery(db).where(and(eq(messages.id, messageId), eq(messages.conversationId, conv.id)));
  return row ? serializeMessage(row) : null;
}

/** Marks the conversation read for this user (drives the unread dot). */
export async function markRead(db: DbOrTx, actor: Actor, ref: string | number): Promise<void> {
  const conv = await requireVisibleConversation(db, actor, ref);
  await db
    .insert(conversationReads)
    .values({ conversationId: conv.id, userId: actor.id })
    .onConflictDoUpdate({ target: [conversationReads.userId, conversationReads.conversationId], set: { lastReadAt: sql`now()` } });
}
