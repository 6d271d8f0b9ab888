import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { inboxes } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { eligibleSql, hasRoomSql, openCountsSql, systemAutoAssign } from "./assign";
import type { AutoAssignment } from "./settings.schema";

/*
 * The queue of an inbox with auto-assignment on (docs/architecture.md §5.8): its unassigned open
 * conversations, highest priority first, then longest waiting. Serving hands them out one
 * transaction each, in that order; a conversation is taken with FOR UPDATE SKIP LOCKED, so
 * instances serving at once never assign one twice, and agents' rows are locked while they are
 * counted (assign.ts), so no capacity is exceeded.
 */

// Matches conversations_queue_idx (db/schema.ts) term for term, so the head is read off the index.
/** Urgent first, then high, medium, low, none. `alias` names the conversations row. */
export const rankSql = (alias: SQL) =>
  sql`case ${alias}.priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;
export const QUEUE_ORDER = sql`${rankSql(sql`c`)}, coalesce(c.waiting_since, c.created_at), c.created_at, c.id`;
export const IN_QUEUE = sql`c.status = 'open' and c.assignee_id is null`;
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
        { type: "conversation.updated", conversationId: head.id, inboxId, assignedTo: result.agent.id },
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
