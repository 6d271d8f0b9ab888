import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { systemAutoAssign } from "./assign";

/*
 * The queue of an inbox with auto-assignment on (docs/architecture.md §5.8): its unassigned open
 * conversations, highest priority first, then longest waiting. Serving hands them out one
 * transaction each, in that order; a conversation is taken with FOR UPDATE SKIP LOCKED, so
 * instances serving at once never assign one twice, and agents' rows are locked while they are
 * counted (assign.ts), so no capacity is exceeded.
 */

/** Urgent first, then high, medium, low, none. `alias` names the conversations row. */
export const rankSql = (alias: SQL) =>
  sql`case ${alias}.priority when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;
export const QUEUE_ORDER = sql`${rankSql(sql`c`)}, coalesce(c.waiting_since, c.created_at), c.created_at, c.id`;
export const IN_QUEUE = sql`c.status = 'open' and c.assignee_id is null`;
const PAGE = 50;

/** Hands out what can be handed out in one inbox; returns how many were assigned. */
export async function systemServeQueue(db: Db, inboxId: string): Promise<number> {
  const [inbox] = await db
    .select({ autoAssignment: inboxes.autoAssignment })
    .from(inboxes)
    .where(and(eq(inboxes.id, inboxId), isNull(inboxes.deletedAt)));
  const settings = inbox?.autoAssignment;
  if (!settings?.enabled) return 0;
  let assigned = 0;
  // Conversations whose team has nobody free stay in line; those behind them are still served.
  const passed = new Set<string>();
  for (;;) {
    const events: RealtimeEvent[] = [];
    const outcome = await db.transaction(async (tx) => {
      // One server at a time per inbox: with two, the second would skip the locked head and could
      // hand out a younger conversation first. Agents' capacities are guarded by their row locks.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"queue:" + inboxId}, 0))`);
      const skip = passed.size ? sql`and c.id <> all(${`{${[...passed].join(",")}}`}::uuid[])` : sql``;
      const { rows } = await tx.execute<{ id: string; team_id: string | null }>(sql`
        select c.id, c.team_id from conversations c
        where c.inbox_id = ${inboxId} and ${IN_QUEUE} ${skip}
        order by ${QUEUE_ORDER}
        limit 1
        for update of c skip locked`);
      const head = rows[0];
      if (!head) return "empty" as const;
      const result = await systemAutoAssign(tx, { id: head.id, inboxId, teamId: head.team_id }, settings);
      if (!result.agent) {
        passed.add(head.id);
        return head.team_id ? ("next" as const) : ("stuck" as const);
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
    // Nobody free for a team-less conversation: nobody is free for any later one either.
    if (outcome === "empty" || outcome === "stuck" || passed.size >= PAGE) return assigned;
  }
}

/** Every inbox with auto-assignment on (the sweep, at least every 30 s). */
export async function systemServeAllQueues(db: Db): Promise<number> {
  const rows = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(isNull(inboxes.deletedAt), sql`(${inboxes.autoAssignment} ->> 'enabled')::boolean`));
  let total = 0;
  for (const { id } of rows) {
    try {
      total += await systemServeQueue(db, id);
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
