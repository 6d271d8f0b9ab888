import "server-only";
import { contactSummaryColumns } from "@/lib/contacts/columns";
import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contacts, conversationLabels, conversationReads, conversations, inboxes, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { conversationListScope, visibleConversationFilter } from "@/lib/access/visibility";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { listConversationsSchema } from "./conversation.schema";
import { conversationSearch } from "./search";
import { labelsOfConversations } from "@/lib/labels/of-conversations";
import { serializeConversation } from "./serialize";
import { isUuid } from "@/lib/ids";

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
    const date = new Date(at!);
    // Years outside 1..9999 are valid JS dates PostgreSQL refuses (a 500 before; issue 10 point 2).
    const year = date.getUTCFullYear();
    if (!id || Number.isNaN(date.getTime()) || year < 1 || year > 9999 || !isUuid(id)) throw new Error();
    return { at: date, id };
  } catch {
    throw new AppError("validation", "cursor is not valid; use nextCursor from the previous page", { cursor: ["Invalid cursor"] });
  }
}

const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

/** The agent's conversation list: visible conversations only, keyset-paginated, with the three assignee counts. */
export async function listConversations(db: DbOrTx, actor: Actor, input: unknown) {
  const p = parseInput(listConversationsSchema, input);
  const where: SQL[] = [];
  if (p.inboxId) {
    // A named inbox may be a deleted one (admins read those); the row-level rule decides.
    where.push(eq(conversations.inboxId, p.inboxId), visibleConversationFilter(actor));
  } else {
    where.push(await conversationListScope(db, actor, { deletedInboxes: p.inboxStatus === "deleted" }));
  }
  if (p.status !== "all") where.push(eq(conversations.status, p.status));
  if (p.teamId) where.push(eq(conversations.teamId, p.teamId));
  // Before the counts: they honour every filter but the assignee. An unknown label matches nothing.
  if (p.labelId) {
    where.push(sql`exists (select 1 from ${conversationLabels} where ${conversationLabels.conversationId} = ${conversations.id} and ${conversationLabels.labelId} = ${p.labelId})`);
  }
  if (p.q) where.push(conversationSearch(p.q));

  const [counts] = await db
    .select({
      mine: sql<number>`count(*) filter (where ${conversations.assigneeId} = ${actor.id})::int`,
      unassigned: sql<number>`count(*) filter (where ${conversations.assigneeId} is null)::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(conversations)
    .where(and(...where));

  if (p.assignee === "me") where.push(eq(conversations.assigneeId, actor.id));
  if (p.assignee === "unassigned") where.push(isNull(conversations.assigneeId));
  if (p.cursor) {
    const c = decodeCursor(p.cursor);
    where.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }

  // Two steps: find the page's ids with a narrow query the planner can answer from the
  // (…, status, last activity) indexes in order, then load what the rows show for those ids only.
  const page = await db
    .select({ id: conversations.id, lastActivityAt: conversations.lastActivityAt })
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(p.limit + 1);
  const pageIds = page.slice(0, p.limit).map((r) => r.id);
  const rows = pageIds.length === 0 ? [] : await db
    .select({
      c: conversations,
      contact: contactSummaryColumns,
      inbox: { name: inboxes.name, channelType: inboxes.channelType, deletedAt: inboxes.deletedAt },
      assigneeName: users.name,
      lastReadAt: conversationReads.lastReadAt,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(
      conversationReads,
      and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, actor.id)),
    )
    .where(inArray(conversations.id, pageIds));
  const order = new Map(pageIds.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.c.id)! - order.get(b.c.id)!);
  const labels = await labelsOfConversations(db, pageIds);

  const last = page[p.limit - 1];
  return {
    data: rows.map((r) => ({
      ...serializeConversation(r.c, r.contact, labels.get(r.c.id) ?? []),
      lastMessagePreview: r.c.lastMessagePreview,
      unread: Boolean(r.c.lastIncomingAt && (!r.lastReadAt || r.c.lastIncomingAt > r.lastReadAt)),
      inbox: { id: r.c.inboxId, name: r.inbox.name, channelType: r.inbox.channelType, deleted: r.inbox.deletedAt !== null },
      assignee: r.c.assigneeId ? { id: r.c.assigneeId, name: r.assigneeName } : null,
    })),
    nextCursor: page.length > p.limit && last ? encodeCursor(last.lastActivityAt, last.id) : null,
    counts: counts ?? { mine: 0, unassigned: 0, all: 0 },
  };
}

export type ConversationListItem = Awaited<ReturnType<typeof listConversations>>["data"][number];
