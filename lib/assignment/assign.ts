import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, messages, users } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { isOnlineSql } from "./presence";
import type { AutoAssignment } from "./settings.schema";

/*
 * Choosing an agent for one conversation (docs/architecture.md §5.8), inside the caller's
 * transaction. Only the chosen agent's row is locked, then their open conversations are counted
 * again: a second assigner choosing the same agent waits, then counts what the first assigned,
 * so a capacity is never exceeded however many instances assign at once.
 *
 * Agents without room are never locked: assigners only take room away (and they lock); room
 * comes back by being freed (resolve, snooze, unassign, …), and whoever frees it serves the
 * queue afterwards. So an agent without room when we look cannot be the one to take the
 * conversation, and a backed-up queue costs arrivals no waiting on each other.
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
  return mode === "balanced" ? sql`roomy.open_total, roomy.last_assigned_at nulls first, roomy.id` : sql`roomy.last_assigned_at nulls first, roomy.id`;
}

/**
 * Locks the agent the mode prefers among the eligible ones with room (as this statement sees
 * them), or none. `skipLocked`: pass over agents another assigner holds right now — they are
 * about to get a conversation, so the next in line is the fair pick, and arrivals in one inbox
 * proceed side by side instead of queueing on one row. One agent row at a time is locked and
 * never another while waiting, so assigners cannot deadlock.
 */
async function lockPreferred(tx: Tx, target: Target, settings: Caps, skipLocked: boolean): Promise<string | undefined> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    with roomy as (
      select a.id, a.open_total, a.last_assigned_at from (
        select u.id, u.capacity, u.last_assigned_at, ${openCountsSql(target.inboxId)} from users u where ${eligibleSql(target)}
      ) a
      where ${hasRoomSql(settings.capacity)}
    )
    select u.id from users u join roomy on roomy.id = u.id
    order by ${pickOrder(settings.mode)}
    limit 1
    for update of u ${skipLocked ? sql`skip locked` : sql``}`);
  return rows[0]?.id;
}

/** The most attempts at one conversation when agents fill up under our feet (each sees more committed). */
const ATTEMPTS = 5;

/**
 * Assigns the conversation to the agent the inbox's mode picks among those online and under both
 * capacities; or says why nobody could take it. The caller holds the conversation's row.
 *
 * The chosen agent's row is locked before their open conversations are counted again in a new
 * statement, which sees what every assigner that held the lock before us committed: a capacity
 * is never exceeded however many instances assign at once.
 */
export async function systemAutoAssign(tx: Tx, target: Target, settings: Caps): Promise<AssignOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Everyone with room is being assigned at this moment: wait for the preferred one — on the
    // first attempt only, while we hold no agent lock, so two assigners never wait on each other.
    const id = (await lockPreferred(tx, target, settings, true)) ?? (attempt === 0 ? await lockPreferred(tx, target, settings, false) : undefined);
    if (!id) {
      const { rows } = await tx.execute<{ online: number }>(sql`select count(*)::int as online from users u where ${eligibleSql(target)}`);
      return { agent: null, reason: rows[0]?.online ? "all_at_capacity" : "no_agents_online" };
    }
    // Counts, checks and writes at once: the lock is held for one round trip before the commit.
    const { rows } = await tx.execute<{ id: string; name: string; activity_id: string }>(sql`
      with counted as (
        select u.id, u.name, u.capacity, ${openCountsSql(target.inboxId)} from users u where u.id = ${id}
      ), pick as (
        select id, name from counted where ${hasRoomSql(settings.capacity)}
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
    if (picked) return { agent: { id: picked.id, name: picked.name }, activityId: picked.activity_id };
    // Filled by an assigner that committed while we waited: look again, seeing that.
  }
  return { agent: null, reason: "all_at_capacity" };
}
