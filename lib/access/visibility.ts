import "server-only";
import { and, eq, inArray, isNotNull, isNull, notInArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, inboxes, inboxMembers, inboxTeams, teamMembers, users } from "@/db/schema";
import { notFound, gone } from "@/lib/errors";
import type { Actor } from "./actor";
import { isAdmin } from "./policy";
import { conversationNumber, isUuid } from "@/lib/ids";

/*
 * The one place that decides who sees what (docs/architecture.md):
 *   inboxAgents(inbox) = direct members ∪ members of every team assigned to the inbox
 *   canSee(user, conv) = user active and (admin or (inbox live and user ∈ inboxAgents(inbox)))
 * Every conversation and message read in the product composes these filters.
 *
 * Naming rule: a function that reads or changes conversations, messages, contacts or
 * attachments WITHOUT these filters, because no user is asking (deliveries, media and profile
 * fetches, mailbox sync, purges, snooze wake-ups, reconciling assignments), is named `system…`,
 * so a page, action or route reaching for one stands out in review. The doors no user comes
 * through keep their names: job handlers marked "Job handler:" (run by lib/jobs/worker.ts) and
 * ingestion (lib/conversations/ingest.ts); their unfiltered lookups are `system…` functions.
 * Everything else takes an Actor (or a widget Visitor) and filters; helpers that only write to
 * a conversation their caller already holds (insertActivity, attachToConversation) need no prefix.
 */

/**
 * "The inbox's agents", written once, as a one-column subquery: the `user_id`s of an inbox's
 * agents, or the `inbox_id`s of the inboxes a user is an agent of. The conditions (an id or a
 * correlated column such as sql`c.inbox_id`) sit inside both arms of the union so that each
 * table's index is used; `activeOnly` drops deactivated users.
 */
export function inboxAgentsSubquery(
  pick: "user_id" | "inbox_id",
  where: { inboxId?: SQL | string; userId?: SQL | string; activeOnly?: boolean },
): SQL {
  const arm = (from: SQL, inboxCol: SQL, userCol: SQL) => {
    const conds: SQL[] = [];
    if (where.inboxId !== undefined) conds.push(sql`${inboxCol} = ${where.inboxId}`);
    if (where.userId !== undefined) conds.push(sql`${userCol} = ${where.userId}`);
    if (where.activeOnly) conds.push(sql`u.active`);
    const join = where.activeOnly ? sql` join ${users} u on u.id = ${userCol}` : sql``;
    return sql`select ${pick === "user_id" ? userCol : inboxCol} from ${from}${join} where ${sql.join(conds, sql` and `)}`;
  };
  return sql`(${arm(sql`${inboxMembers} m`, sql`m.inbox_id`, sql`m.user_id`)}
    union
    ${arm(sql`${inboxTeams} it join ${teamMembers} tm on tm.team_id = it.team_id`, sql`it.inbox_id`, sql`tm.user_id`)})`;
}

/** SQL: ids of the inboxes (live or not) that a (non-admin) user works in. */
const memberInboxIds = (userId: string): SQL => inboxAgentsSubquery("inbox_id", { userId });

/** Filter for the `inboxes` table: the live inboxes this actor may see. */
export function visibleInboxFilter(actor: Actor): SQL {
  const live = isNull(inboxes.deletedAt);
  if (isAdmin(actor)) return live;
  return and(live, sql`${inboxes.id} in ${memberInboxIds(actor.id)}`)!;
}

/** Filter for the `conversations` table. Admins also see conversations of deleted inboxes. */
export function visibleConversationFilter(actor: Actor): SQL {
  if (isAdmin(actor)) return sql`true`;
  return sql`${conversations.inboxId} in (
    select ${inboxes.id} from ${inboxes}
    where ${inboxes.deletedAt} is null and ${inboxes.id} in ${memberInboxIds(actor.id)}
  )`;
}

/**
 * The same rule as visibleConversationFilter, with the actor's inbox ids resolved first, for the
 * list and count queries: literal ids let the planner walk the (status, last activity) index in
 * order instead of collecting and sorting every visible row.
 */
export async function conversationListScope(db: DbOrTx, actor: Actor, opts: { deletedInboxes?: boolean } = {}): Promise<SQL> {
  const deleted = (await db.select({ id: inboxes.id }).from(inboxes).where(isNotNull(inboxes.deletedAt))).map((r) => r.id);
  if (isAdmin(actor)) {
    if (opts.deletedInboxes) return deleted.length ? inArray(conversations.inboxId, deleted) : sql`false`;
    return deleted.length ? notInArray(conversations.inboxId, deleted) : sql`true`;
  }
  if (opts.deletedInboxes) return sql`false`;
  const ids = await visibleInboxIds(db, actor);
  return ids.length ? inArray(conversations.inboxId, ids) : sql`false`;
}

export async function visibleInboxIds(db: DbOrTx, actor: Actor): Promise<string[]> {
  const rows = await db.select({ id: inboxes.id }).from(inboxes).where(visibleInboxFilter(actor));
  return rows.map((r) => r.id);
}

export async function canSeeInbox(db: DbOrTx, actor: Actor, inboxId: string): Promise<boolean> {
  if (!isUuid(inboxId)) return false;
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.id, inboxId), visibleInboxFilter(actor)));
  return rows.length > 0;
}

/** Active users who may see conversations of this inbox (admins not included unless members). */
export async function inboxAgentIds(db: DbOrTx, inboxId: string): Promise<string[]> {
  const rows = await db.execute<{ user_id: string }>(inboxAgentsSubquery("user_id", { inboxId, activeOnly: true }));
  return rows.rows.map((r) => r.user_id);
}

/** Whether `userId` (any role, must be active) may see conversations of `inboxId`. */
export async function userCanSeeInbox(db: DbOrTx, userId: string, inboxId: string): Promise<boolean> {
  const [u] = await db.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, userId));
  if (!u?.active) return false;
  const [inbox] = await db.select({ deletedAt: inboxes.deletedAt }).from(inboxes).where(eq(inboxes.id, inboxId));
  if (!inbox) return false;
  if (isAdmin(u)) return true;
  if (inbox.deletedAt) return false;
  return (await inboxAgentIds(db, inboxId)).includes(userId);
}

export type VisibleConversation = typeof conversations.$inferSelect & { inboxDeletedAt: Date | null; inboxChannelType: string };

/**
 * Loads a conversation by id (uuid) or by its #number, if the actor may see it.
 * Invisible and missing conversations are indistinguishable: both are 404.
 */
export async function findVisibleConversation(
  db: DbOrTx,
  actor: Actor,
  ref: string | number,
): Promise<VisibleConversation | null> {
  const number = conversationNumber(ref);
  const key = number !== null ? eq(conversations.number, number) : typeof ref === "string" && isUuid(ref) ? eq(conversations.id, ref) : null;
  if (!key) return null;
  const [row] = await db
    .select({ c: conversations, inboxDeletedAt: inboxes.deletedAt, inboxChannelType: inboxes.channelType })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(key, visibleConversationFilter(actor)));
  return row ? { ...row.c, inboxDeletedAt: row.inboxDeletedAt, inboxChannelType: row.inboxChannelType } : null;
}

export async function requireVisibleConversation(db: DbOrTx, actor: Actor, ref: string | number) {
  const conv = await findVisibleConversation(db, actor, ref);
  if (!conv) throw notFound("Conversation not found");
  return conv;
}

/** canReply = canSee and the inbox is live; replying in a deleted inbox's conversation is 410. */
export async function requireReplyableConversation(db: DbOrTx, actor: Actor, ref: string | number) {
  const conv = await requireVisibleConversation(db, actor, ref);
  if (conv.inboxDeletedAt) throw gone("This conversation's inbox has been deleted; it is read-only");
  return conv;
}

/** Which of the given conversation ids the actor may see (used by the realtime stream). */
export async function filterVisibleConversationIds(db: DbOrTx, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(inArray(conversations.id, ids), visibleConversationFilter(actor)));
  return new Set(rows.map((r) => r.id));
}

/** Whether the actor can see at least one conversation with this contact (e.g. to see its picture). */
export async function canSeeContact(db: DbOrTx, actor: Actor, contactId: string): Promise<boolean> {
  const [hit] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), visibleConversationFilter(actor)))
    .limit(1);
  return Boolean(hit);
}
