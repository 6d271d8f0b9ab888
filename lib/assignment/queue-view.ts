import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { inboxes, teams } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { canSeeInbox, visibleInboxIds } from "@/lib/access/visibility";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { eligibleSql, hasRoomSql, openCountsSql, type NoAgentReason } from "./assign";
import { IN_QUEUE, QUEUE_ORDER } from "./queue";
import type { AutoAssignment } from "./settings.schema";

/*
 * What the Unassigned view says about the queue (docs/architecture.md §5.8): who waits, in the
 * order they will be served, and why the oldest is still waiting — nobody (of its team) online,
 * or everyone at capacity. Reads only: nothing here locks the agents' rows the assigners lock.
 */

export type QueueReason = NoAgentReason | null;
export type QueueSummary = {
  /** How many wait in all (the list below stops at 200). */
  waiting: number;
  oldestWaitingSince: string | null;
  reason: QueueReason;
  /** The team the oldest waiting conversation is kept for, when the reason is about that team. */
  team: { id: string; name: string } | null;
};

/** Why a conversation of this inbox (and team) would not be handed out now, or null if someone could take it. */
async function reasonFor(db: DbOrTx, inboxId: string, teamId: string | null, settings: AutoAssignment): Promise<QueueReason> {
  const { rows } = await db.execute<{ online: number; free: number }>(sql`
    select count(*)::int as online, (count(*) filter (where ${hasRoomSql(settings.capacity)}))::int as free
    from (select u.capacity, ${openCountsSql(inboxId)} from users u where ${eligibleSql({ inboxId, teamId })}) x`);
  const { online, free } = rows[0] ?? { online: 0, free: 0 };
  if (!online) return "no_agents_online";
  return free ? null : "all_at_capacity";
}

/** The summary of one inbox's queue (its head decides the reason). */
async function summarize(db: DbOrTx, inboxId: string, settings: AutoAssignment, waiting: number): Promise<QueueSummary> {
  if (!waiting) return { waiting: 0, oldestWaitingSince: null, reason: null, team: null };
  const { rows } = await db.execute<{ team_id: string | null; waiting_since: string }>(sql`
    select c.team_id, coalesce(c.waiting_since, c.created_at) as waiting_since from conversations c
    where c.inbox_id = ${inboxId} and ${IN_QUEUE}
    order by ${QUEUE_ORDER}
    limit 1`);
  const head = rows[0];
  if (!head) return { waiting: 0, oldestWaitingSince: null, reason: null, team: null };
  // The oldest by waiting time, which is not always the head (a higher priority goes first).
  const [{ oldest } = { oldest: head.waiting_since }] = (
    await db.execute<{ oldest: string }>(sql`select min(coalesce(c.waiting_since, c.created_at)) as oldest from conversations c where c.inbox_id = ${inboxId} and ${IN_QUEUE}`)
  ).rows;
  let reason = await reasonFor(db, inboxId, head.team_id, settings);
  let team: QueueSummary["team"] = null;
  if (reason && head.team_id) {
    // Kept for its team: say which, unless the whole inbox is in the same state anyway.
    const inboxWide = await reasonFor(db, inboxId, null, settings);
    if (inboxWide !== reason) {
      const [t] = await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, head.team_id));
      team = t ?? null;
    } else reason = inboxWide;
  }
  return { waiting, oldestWaitingSince: new Date(oldest).toISOString(), reason, team };
}

async function waitingCounts(db: DbOrTx, inboxIds: string[]): Promise<Map<string, number>> {
  if (!inboxIds.length) return new Map();
  const { rows } = await db.execute<{ inbox_id: string; n: number }>(sql`
    select c.inbox_id, count(*)::int as n from conversations c
    where c.inbox_id = any(${`{${inboxIds.join(",")}}`}::uuid[]) and ${IN_QUEUE}
    group by c.inbox_id`);
  return new Map(rows.map((r) => [r.inbox_id, r.n]));
}

/** GET /inboxes/:id/queue's answer: the queue in serving order (at most 200), its reason and summary. */
export async function systemQueueOf(db: DbOrTx, inboxId: string, settings: AutoAssignment | null) {
  // No queue without auto-assignment: unassigned conversations then wait for people, not for the queue.
  if (!settings?.enabled) return { data: [], reason: null, waiting: 0, oldestWaitingSince: null, team: null };
  const { rows } = await db.execute<{ id: string; number: number; waiting_since: string; priority: string }>(sql`
    select c.id, c.number, coalesce(c.waiting_since, c.created_at) as waiting_since, c.priority from conversations c
    where c.inbox_id = ${inboxId} and ${IN_QUEUE}
    order by ${QUEUE_ORDER}
    limit 200`);
  const waiting = rows.length < 200 ? rows.length : ((await waitingCounts(db, [inboxId])).get(inboxId) ?? 0);
  const summary = await summarize(db, inboxId, settings, waiting);
  return {
    data: rows.map((r) => ({ conversationId: r.id, number: r.number, waitingSince: new Date(r.waiting_since).toISOString(), priority: r.priority })),
    ...summary,
  };
}

/** GET /inboxes/:id/queue — for whoever can see the inbox (404 otherwise). */
export async function inboxQueue(db: Db, actor: Actor, inboxId: string) {
  if (!isUuid(inboxId) || !(await canSeeInbox(db, actor, inboxId))) throw notFound("Inbox not found");
  const [inbox] = await db.select({ autoAssignment: inboxes.autoAssignment }).from(inboxes).where(eq(inboxes.id, inboxId));
  return systemQueueOf(db, inboxId, inbox?.autoAssignment ?? null);
}

/**
 * GET /queue (our extension): every inbox the actor sees whose queue is on and not empty, with
 * its summary — what the workspace's Unassigned view explains across inboxes. `inboxId` narrows it.
 */
export async function workspaceQueue(db: Db, actor: Actor, inboxId?: string) {
  if (inboxId !== undefined && !isUuid(inboxId)) throw notFound("Inbox not found");
  const visible = await visibleInboxIds(db, actor);
  const ids = inboxId ? visible.filter((id) => id === inboxId) : visible;
  if (inboxId && !ids.length) throw notFound("Inbox not found");
  if (!ids.length) return { data: [] };
  const queued = await db
    .select({ id: inboxes.id, name: inboxes.name, autoAssignment: inboxes.autoAssignment })
    .from(inboxes)
    .where(and(inArray(inboxes.id, ids), isNull(inboxes.deletedAt), sql`(${inboxes.autoAssignment} ->> 'enabled')::boolean`))
    .orderBy(inboxes.name);
  const counts = await waitingCounts(
    db,
    queued.map((q) => q.id),
  );
  const data = [];
  for (const q of queued) {
    const waiting = counts.get(q.id) ?? 0;
    if (!waiting) continue;
    data.push({ inboxId: q.id, inboxName: q.name, ...(await summarize(db, q.id, q.autoAssignment!, waiting)) });
  }
  return { data };
}
