import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { canSeeInbox, inboxAgentsSubquery } from "@/lib/access/visibility";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { candidatesOf, eligibleSql, hasRoom, hasRoomSql, openCountsSql, systemAutoAssign, type NoAgentReason } from "./assign";
import type { AutoAssignment } from "./settings.schema";

/*
 * The queue of an inbox with auto-assignment on (ROUTING.md §4): its unassigned open
 * conversations, highest priority first, then longest waiting. Serving hands them out one
 * transaction each, in that order; a conversation is taken with FOR UPDATE SKIP LOCKED, so
 * instances serving at once never assign one twice, and agents' rows are locked while they are
 * counted (assign.ts), so no capacity is exceeded.
 */

// Matches conversations_queue_idx (db/schema.ts) term for term, so the head is read off the index.
const PRIORITY_RANK = sql`case c.priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;
const QUEUE_ORDER = sql`${PRIORITY_RANK}, coalesce(c.waiting_since, c.created_at), c.created_at, c.id`;
const IN_QUEUE = sql`c.status = 'open' and c.assignee_id is null`;
/** Heads that someone free could take but were not assigned (another assigner filled the slot first): then we stop. */
const PAGE = 50;

type Settings = Pick<AutoAssignment, "enabled" | "mode" | "capacity">;

/**
 * The first conversation in line that someone could take now, locked; none when nobody can. The
 * agents with room are counted once, in the statement: when there are none (the steady state of a
 * busy workspace) the queue is not read at all, and a conversation whose team has nobody free is
 * passed over in the same scan, so those behind it are served.
 */
async function lockHead(tx: Tx, inboxId: string, settings: Settings, passed: Set<string>) {
  const skip = passed.size ? sql`and c.id <> all(${`{${[...passed].join(",")}}`}::uuid[])` : sql``;
  const { rows } = await tx.execute<{ id: string; team_id: string | null }>(sql`
    with free as materialized (
      select id from (select u.id, u.capacity, ${openCountsSql(inboxId)} from users u where ${eligibleSql({ inboxId, teamId: null })}) a
      where ${hasRoomSql(settings.capacity)}
    ), free_teams as materialized (
      select distinct tm.team_id from team_members tm where tm.user_id in (select id from free)
    )
    select c.id, c.team_id from conversations c
    where exists (select 1 from free) and c.inbox_id = ${inboxId} and ${IN_QUEUE} ${skip}
      and (c.team_id is null or c.team_id in (select team_id from free_teams))
    order by ${QUEUE_ORDER}
    limit 1
    for update of c skip locked`);
  return rows[0];
}

async function serve(db: Db, inboxId: string, settings: Settings): Promise<number> {
  let assigned = 0;
  const passed = new Set<string>();
  for (;;) {
    const events: RealtimeEvent[] = [];
    const outcome = await db.transaction(async (tx) => {
      // One server at a time per inbox: with two, the second would skip the locked head and could
      // hand out a younger conversation first. Agents' capacities are guarded by their row locks.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"queue:" + inboxId}, 0))`);
      const head = await lockHead(tx, inboxId, settings, passed);
      if (!head) return "done" as const;
      const result = await systemAutoAssign(tx, { id: head.id, inboxId, teamId: head.team_id }, settings);
      if (!result.agent) {
        passed.add(head.id);
        return "passed" as const;
      }
      events.push(
        { type: "conversation.updated", conversationId: head.id, inboxId },
        { type: "message.created", conversationId: head.id, messageId: result.activityId, inboxId },
      );
      return "assigned" as const;
    });
    if (outcome === "assigned") {
      assigned++;
      await publish(db, ...events);
      continue;
    }
    if (outcome === "done" || passed.size >= PAGE) return assigned;
  }
}

/** Hands out what can be handed out in one inbox; returns how many were assigned. */
export async function systemServeQueue(db: Db, inboxId: string): Promise<number> {
  const [inbox] = await db
    .select({ autoAssignment: inboxes.autoAssignment })
    .from(inboxes)
    .where(and(eq(inboxes.id, inboxId), isNull(inboxes.deletedAt)));
  const settings = inbox?.autoAssignment;
  return settings?.enabled ? serve(db, inboxId, settings) : 0;
}

/** Every inbox with auto-assignment on (the sweep, at least every 30 s). */
export async function systemServeAllQueues(db: Db): Promise<number> {
  const rows = await db
    .select({ id: inboxes.id, autoAssignment: inboxes.autoAssignment })
    .from(inboxes)
    .where(and(isNull(inboxes.deletedAt), sql`(${inboxes.autoAssignment} ->> 'enabled')::boolean`));
  let total = 0;
  for (const { id, autoAssignment } of rows) {
    try {
      total += await serve(db, id, autoAssignment!);
    } catch (e) {
      log.warn("assignment", `serving the queue of ${id} failed`, e);
    }
  }
  return total;
}

/** The inboxes a user works in whose queue is on: served when they come online. */
export async function systemServeQueuesOf(db: Db, userId: string): Promise<void> {
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(
      and(
        isNull(inboxes.deletedAt),
        sql`(${inboxes.autoAssignment} ->> 'enabled')::boolean`,
        sql`${inboxes.id} in ${inboxAgentsSubquery("inbox_id", { userId })}`,
      ),
    );
  for (const { id } of rows) await systemServeQueue(db, id).catch((e) => log.warn("assignment", `serving ${id} failed`, e));
}

/** What the Unassigned view shows: who waits, in the order they will be served, and why. */
export async function systemQueueOf(db: Db, inboxId: string, settings: AutoAssignment | null) {
  // No queue without auto-assignment: unassigned conversations then wait for people, not for the queue.
  if (!settings?.enabled) return { data: [], reason: null };
  const { rows } = await db.execute<{ id: string; number: number; waiting_since: string; priority: string }>(sql`
    select c.id, c.number, coalesce(c.waiting_since, c.created_at) as waiting_since, c.priority from conversations c
    where c.inbox_id = ${inboxId} and ${IN_QUEUE}
    order by ${QUEUE_ORDER}
    limit 200`);
  let reason: NoAgentReason | null = null;
  if (rows.length) {
    // Read without locks: it only explains. Team-less view of the inbox's agents.
    const online = await candidatesOf(db, { inboxId, teamId: null });
    const free = online.some((c) => hasRoom(c, settings.capacity));
    reason = !online.length ? "no_agents_online" : free ? null : "all_at_capacity";
  }
  return {
    data: rows.map((r) => ({ conversationId: r.id, number: r.number, waitingSince: new Date(r.waiting_since).toISOString(), priority: r.priority })),
    reason,
  };
}

/** GET /inboxes/:id/queue — for whoever can see the inbox (404 otherwise). */
export async function inboxQueue(db: Db, actor: Actor, inboxId: string) {
  if (!isUuid(inboxId) || !(await canSeeInbox(db, actor, inboxId))) throw notFound("Inbox not found");
  const [inbox] = await db.select({ autoAssignment: inboxes.autoAssignment }).from(inboxes).where(eq(inboxes.id, inboxId));
  return systemQueueOf(db, inboxId, inbox?.autoAssignment ?? null);
}
