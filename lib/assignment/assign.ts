import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, messages, users } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { isOnlineSql } from "./presence";
import type { AutoAssignment } from "./settings.schema";

/*
 * Choosing an agent for one conversation (docs/architecture.md §5.8), inside the caller's transaction. The
 * eligible agents' rows are locked (in id order, so two assigners cannot deadlock) before their
 * open conversations are counted: a second assigner waits, then counts what the first assigned,
 * so a capacity is never exceeded however many instances assign at once.
 *
 * Only agents who have room are locked: while a queue is backed up most arrivals find everyone
 * at capacity, and they would otherwise wait for each other's agent locks only to learn that.
 * Assigners only ever take room away (and they lock); room comes back by being freed (resolve,
 * snooze, unassign, …), and whoever frees it serves the queue afterwards. So an agent without
 * room when we look cannot be the one to take the conversation, and need not be locked.
 */

export type NoAgentReason = "no_agents_online" | "all_at_capacity";
export type AssignOutcome = { agent: { id: string; name: string }; activityId: string } | { agent: null; reason: NoAgentReason };

type Target = { id: string; inboxId: string; teamId: string | null };
type Caps = Pick<AutoAssignment, "mode" | "capacity">;

/** SQL on `users u`: may take a conversation of this inbox (and team) and is online. */
export function eligibleSql(target: { inboxId: string | SQL; teamId: string | null }): SQL {
  const team = target.teamId ? sql`and u.id in (select tm.user_id from team_members tm where tm.team_id = ${target.teamId})` : sql``;
  return sql`u.active and u.id in ${inboxAgentsSubquery("user_id", { inboxId: target.inboxId })} ${team} and ${isOnlineSql(sql`u`)}`;
}

/** SQL columns on `users u`: open assigned conversations across all inboxes, and in this one. */
export function openCountsSql(inboxId: string | SQL): SQL {
  return sql`(select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')::int as open_total,
    (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open' and c.inbox_id = ${inboxId})::int as open_here`;
}

/** SQL on a row with open_total, open_here and capacity: under the agent's and the inbox's cap. */
export function hasRoomSql(inboxCapacity: number | null): SQL {
  return sql`(capacity is null or open_total < capacity) and (${inboxCapacity}::int is null or open_here < ${inboxCapacity}::int)`;
}

/**
 * `balanced`: fewest open assigned conversations, ties to whoever was assigned least recently
 * (never first); `round_robin`: least recently assigned. Then by id, for a stable order.
 */
function pickOrder(mode: AutoAssignment["mode"]): SQL {
  return mode === "balanced" ? sql`open_total, last_assigned_at nulls first, id` : sql`last_assigned_at nulls first, id`;
}

/**
 * Assigns the conversation to the agent the inbox's mode picks among those online and under both
 * capacities; or says why nobody could take it. The caller holds the conversation's row.
 */
export async function systemAutoAssign(tx: Tx, target: Target, settings: Caps): Promise<AssignOutcome> {
  // Locks, in id order, the eligible agents that have room as this statement sees them; waits
  // only for those. With nobody under capacity it locks and waits for nothing (see above).
  const { rows: [found] } = await tx.execute<{ online: number; ids: string[] }>(sql`
    with roomy as (
      select a.id from (select u.id, u.capacity, ${openCountsSql(target.inboxId)} from users u where ${eligibleSql(target)}) a
      where ${hasRoomSql(settings.capacity)}
    ), locked as (
      select u.id from users u where u.id in (select id from roomy)
      order by u.id
      for update of u
    )
    select (select count(*) from users u where ${eligibleSql(target)})::int as online,
      array(select id from locked) as ids`);
  if (!found?.online) return { agent: null, reason: "no_agents_online" };
  if (!found.ids.length) return { agent: null, reason: "all_at_capacity" };
  // A new statement: it sees what assigners that held these locks before us committed. It counts,
  // picks and writes at once, so the locks are held for one round trip before the commit.
  const { rows } = await tx.execute<{ id: string; name: string; activity_id: string }>(sql`
    with counted as (
      select u.id, u.name, u.capacity, u.last_assigned_at, ${openCountsSql(target.inboxId)}
      from users u where u.id = any(${`{${found.ids.join(",")}}`}::uuid[])
    ), pick as (
      select id, name from counted where ${hasRoomSql(settings.capacity)}
      order by ${pickOrder(settings.mode)}
      limit 1
    ), conv as (
      update ${conversations} set assignee_id = pick.id from pick where ${conversations.id} = ${target.id} returning 1
    ), agent as (
      update ${users} set last_assigned_at = clock_timestamp() from pick where ${users.id} = pick.id returning 1
    ), line as (
      insert into ${messages} (conversation_id, inbox_id, kind, content)
      select ${target.id}::uuid, ${target.inboxId}::uuid, 'activity', 'Assigned to ' || pick.name || ' (auto-assignment)' from pick
      returning id
    )
    select pick.id, pick.name, line.id as activity_id from pick, line`);
  const picked = rows[0];
  if (!picked) return { agent: null, reason: "all_at_capacity" };
  return { agent: { id: picked.id, name: picked.name }, activityId: picked.activity_id };
}
