import "server-only";
import { and, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contactIdentities, conversations, messages, users } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import { visitorAttachment } from "./links";

/** A visitor as a signed visitor token proves them: one contact identity inside one website inbox. */
export type Visitor = {
  inboxId: string;
  /** The contact identity's source id: `visitor:<random>` (anonymous) or `user:<identifier>` (verified). */
  sourceId: string;
  verified: boolean;
  name: string | null;
  email: string | null;
};

/*
 * The widget's one visibility rule, used by every widget surface (history, send, event stream):
 *   a visitor sees only non-private, non-activity messages of the conversations whose contact
 *   identity is theirs in this inbox.
 * The caller has already established that the inbox is live and the token is genuine.
 */

/** SQL: ids of the visitor's conversations (their contact identity in this inbox). */
function visitorConversationIdsSql(v: Visitor): SQL {
  // Plain SQL with aliases: Drizzle may leave columns unqualified inside a subquery.
  return sql`(
    select c.id from conversations c
      join contact_identities ci on ci.id = c.contact_identity_id
      where ci.inbox_id = ${v.inboxId} and ci.source_id = ${v.sourceId} and c.inbox_id = ${v.inboxId}
  )`;
}

/** Filter for the `messages` table: what this visitor may read. */
export function visitorMessageFilter(v: Visitor): SQL {
  return and(
    eq(messages.inboxId, v.inboxId),
    eq(messages.private, false),
    ne(messages.kind, "activity"),
    sql`${messages.conversationId} in ${visitorConversationIdsSql(v)}`,
  )!;
}

/** The visitor's conversation ids (for the stream's cheap pre-check and `hasConversation`). */
export async function visitorConversationIds(db: DbOrTx, v: Visitor): Promise<string[]> {
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(contactIdentities, eq(contactIdentities.id, conversations.contactIdentityId))
    .where(and(eq(contactIdentities.inboxId, v.inboxId), eq(contactIdentities.sourceId, v.sourceId), eq(conversations.inboxId, v.inboxId)));
  return rows.map((r) => r.id);
}

type Row = { m: typeof messages.$inferSelect; userName: string | null };

function toWidgetMessage({ m, userName }: Row) {
  return {
    id: m.id,
    kind: m.kind === "outgoing" ? ("outgoing" as const) : ("incoming" as const),
    content: m.content,
    attachments: m.attachments.map(visitorAttachment),
    createdAt: m.createdAt.toISOString(),
    // Only agents are named: the visitor knows who they are.
    sender: m.kind === "outgoing" && userName ? { name: userName } : null,
    status: m.status,
  };
}

/** A message as the visitor's widget receives it (docs/widget-protocol.md); the widget script imports this type. */
export type WidgetMessage = ReturnType<typeof toWidgetMessage>;

const query = (db: DbOrTx) =>
  db.select({ m: messages, userName: users.name }).from(messages).leftJoin(users, eq(users.id, messages.senderUserId));

export const MAX_HISTORY = 500;

/** The visitor's thread(s) in this inbox, oldest first (the latest MAX_HISTORY messages). */
export async function listVisibleMessages(db: DbOrTx, v: Visitor): Promise<WidgetMessage[]> {
  const rows = await query(db)
    .where(visitorMessageFilter(v))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(MAX_HISTORY);
  return rows.reverse().map(toWidgetMessage);
}

/** One message if the visitor may see it, else null (missing and hidden look the same). */
export async function findVisibleMessage(db: DbOrTx, v: Visitor, messageId: string): Promise<WidgetMessage | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await query(db).where(and(eq(messages.id, messageId), visitorMessageFilter(v)));
  return row ? toWidgetMessage(row) : null;
}
