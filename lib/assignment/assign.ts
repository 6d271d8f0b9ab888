import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { executeCached } from "@/db/prepared";
import { conversations, messages, users } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { isOnlineSql, presenceGraceSeconds } from "./presence";
import type { AutoAssignment } from "./settings.schema";

/*
 * Choosing an agent for one conversation (docs/architecture.md §5.8), inside the caller's
 * transaction. Only the chosen agent's row is locked, and their count is trusted only if nobody
 * assigned them a conversation since it was taken; otherwise it is taken again under the lock.
 * So a second assigner choosing the same agent counts what the first assigned, and a capacity is
 * never exceeded however many instances assign at once. (Manual assignment takes no such lock:
 * a person may always give a colleague one more; it counts from then on.)
 *
 * Agents without room are never locked: assigners only take room away (and they lock); room
 * comes back by being freed (resolve, snooze, unassign, …), and whoever frees it serves the
 * queue afterwards. So an agent without room when we look cannot be the one to take the
 * conversation, and a backed-up queue costs arrivals no waiting on each other.
 */

export type NoAgentReason = "no_agents_online" | "all_at_capacity";
export type AssignOutcome = { agent: { id: string; name: string }; activityId: string } | { agent: null; reason: NoAgentReason };

type Target = { id: string; inboxId: string; teamId: string | null };
export type Caps = Pick<AutoAssignment, "mode" | "capacity">;

/** SQL on `users u`: may take a conversation of this inbox (and team) and is online. */
export function eligibleSql(target: { inboxId: string | SQL; teamId: string | SQL | null }): SQL {
  const team = target.teamId ? sql`and u.id in (select tm.user_id from team_members tm where tm.team_id = ${target.teamId})` : sql``;
  return sql`u.active and u.id in ${inboxAgentsSubquery("user_id", { inboxId: target.inboxId })} ${team} and ${isOnlineSql(sql`u`)}`;
}

/** SQL columns on `users u`: open assigned conversations across all inboxes, and in this one. */
export function openCountsSql(inboxId: string | SQL): SQL {
  return sql`(select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')::int as open_total,
    (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open' and c.inbox_id = ${inboxId})::int as open_here`;
}

/**
 * SQL: the eligible agents with their open conversations counted (id, capacity, last_assigned_at,
 * open_total, open_here), both counts in one pass over their open conversations.
 */
function eligibleCountedSql(target: { inboxId: string | SQL; teamId: string | SQL | null }, gate?: SQL): SQL {
  return sql`select e.id, e.capacity, e.last_assigned_at, coalesce(n.open_total, 0) as open_total, coalesce(n.open_here, 0) as open_here
    from (select u.id, u.capacity, u.last_assigned_at from users u where ${eligibleSql(target)} ${gate ? sql`and ${gate}` : sql``}) e
    left join lateral (
      select count(*)::int as open_total, (count(*) filter (where c.inbox_id = ${target.inboxId}))::int as open_here
      from conversations c where c.assignee_id = e.id and c.status = 'open'
    ) n on true`;
}

/** SQL on a row with open_total, open_here and capacity: under the agent's and the inbox's cap. */
export function hasRoomSql(inboxCapacity: number | null | SQL): SQL {
  return sql`(capacity is null or open_total < capacity) and (${inboxCapacity}::int is null or open_here < ${inboxCapacity}::int)`;
}

/**
 * `balanced`: fewest open assigned conversations, ties to whoever was assigned least recently
 * (never first); `round_robin`: least recently assigned. Then by id, for a stable order.
 */
function pickOrder(mode: AutoAssignment["mode"]): SQL {
  return mode === "balanced" ? sql`roomy.open_total, roomy.last_assigned_at nulls first, roomy.id` : sql`roomy.last_assigned_at nulls first, roomy.id`;
}

/** The agent's turn is taken (round robin and balanced ties go to whoever waited longest), on a CTE `pick (id, name)`. */
export const turnSql = sql`turn as (
        update ${users} set last_assigned_at = clock_timestamp() from pick where ${users.id} = pick.id returning 1
      )`;

/**
 * What assigning writes, on a CTE `pick (id, name)` of zero or one agent, ending in a CTE `line
 * (id)`: the conversation's row, the agent's turn and the activity line — timed by the clock, not
 * the transaction's start, so it follows the customer message that the same transaction stored.
 */
function writesSql(target: Slots & { id: string | SQL }): SQL {
  return sql`conv as (
        update ${conversations} set assignee_id = pick.id from pick where ${conversations.id} = ${target.id} returning 1
      ), ${turnSql}, line as (
        insert into ${messages} (conversation_id, inbox_id, kind, content, created_at)
        select ${target.id}::uuid, ${target.inboxId}::uuid, 'activity', ${activityText(sql`pick.name`)}, clock_timestamp() from pick
        returning id
      )`;
}

/** The activity line of an assignment by the queue (SQL on the agent's name, or the text). */
export function activityText(name: SQL): SQL;
export function activityText(name: string): string;
export function activityText(name: SQL | string): SQL | string {
  return typeof name === "string" ? `Assigned to ${name} (auto-assignment)` : sql`'Assigned to ' || ${name} || ' (auto-assignment)'`;
}

export type Slots = { id: string | SQL | null; inboxId: string | SQL; teamId: string | SQL | null };
export type Attempt = { locked: string | null; name: string | null; picked: boolean; activity_id: string | null; roomy: number; online: number };

/**
 * One statement: counts the eligible agents' open conversations, locks the one the mode prefers
 * among those with room, and assigns to them when what was counted is still current — nobody
 * assigned them a conversation after this statement's snapshot was taken. Every assigner moves
 * `last_assigned_at` while it holds the row, and locking a row returns its newest version: the
 * same value as counted means no assignment committed since. Otherwise the agent stays locked and
 * nothing is written (`locked`, not `picked`); the caller counts again.
 *
 * `wait` false passes over agents another assigner holds right now (they are about to get a
 * conversation, so the next in line is the fair pick, and arrivals in one inbox proceed side by
 * side instead of queueing on one row); true waits for the preferred one.
 *
 * It runs on every arrival, so it is a cached statement (db/prepared.ts): built and planned once
 * per shape, its values placeholders.
 */
async function tryAssign(tx: Tx, target: Target, settings: Caps, wait: boolean): Promise<Attempt> {
  const team = !!target.teamId;
  const key = `assign:${settings.mode}:${wait ? "wait" : "skip"}:${team ? "team" : "anyone"}:${presenceGraceSeconds()}`;
  const values = { inboxId: target.inboxId, teamId: target.teamId, id: target.id, capacity: settings.capacity };
  const { rows } = await executeCached<Attempt>(tx, key, () => tryAssignSql(team, settings.mode, wait), values);
  return rows[0]!;
}

export const slotSql = (name: string) => sql`${sql.placeholder(name)}`;

function tryAssignSql(team: boolean, mode: Caps["mode"], wait: boolean): SQL {
  const slot = { id: slotSql("id"), inboxId: slotSql("inboxId"), teamId: team ? slotSql("teamId") : null };
  return sql`
    with ${choiceSql(slot, mode, wait)}, ${writesSql(slot)}
    select ${CHOICE_OUTCOME}, (select id from line) as activity_id`;
}

/**
 * The CTEs that choose (tryAssign, arrival.ts systemOpenAssigned): `eligible` with their
 * counts, `roomy` (under both caps), `locked` (the one the mode prefers, row locked, with whether
 * their count is current) and `pick` (that agent when it is: the assignee), on placeholders
 * `inboxId` and `capacity`.
 */
export function choiceSql(slot: Slots, mode: Caps["mode"], wait: boolean, gate?: SQL): SQL {
  return sql`eligible as materialized (
      ${eligibleCountedSql(slot, gate)}
    ), roomy as materialized (
      select * from eligible where ${hasRoomSql(slotSql("capacity"))}
    ), locked as materialized (
      select u.id, u.name, u.last_assigned_at is not distinct from roomy.last_assigned_at as current
      from users u join roomy on roomy.id = u.id
      order by ${pickOrder(mode)}
      limit 1
      for update of u ${wait ? sql`` : sql`skip locked`}
    ), pick as materialized (
      select id, name from locked where current
    )`;
}

/** How choosing went, as columns on the choice CTEs (the Attempt fields but activity_id). */
export const CHOICE_OUTCOME = sql`(select id from locked) as locked, (select name from locked) as name, exists (select 1 from pick) as picked,
      (select count(*) from roomy)::int as roomy, (select count(*) from eligible)::int as online`;

/** Counts the locked agent's open conversations again (a new statement sees every commit) and assigns if there is still room. */
async function assignLocked(tx: Tx, target: Target, settings: Caps, agentId: string) {
  const { rows } = await tx.execute<{ id: string; name: string; activity_id: string | null }>(sql`
    with counted as (
      select u.id, u.name, u.capacity, ${openCountsSql(target.inboxId)} from users u where u.id = ${agentId}
    ), pick as materialized (
      select id, name from counted where ${hasRoomSql(settings.capacity)}
    ), ${writesSql(target)}
    select pick.id, pick.name, (select id from line) as activity_id from pick`);
  return rows[0];
}

/** The most attempts at one conversation when agents fill up under our feet (each sees more committed). */
const ATTEMPTS = 5;

/**
 * Assigns an existing conversation (the caller holds its row), with its activity line: chooses
 * among those online and under both capacities the agent the inbox's mode picks, and writes the
 * assignment (writesSql); or says why nobody could take it. One statement in the
 * common case (tryAssign); one more when the chosen agent was assigned something meanwhile,
 * counted again while their row is locked, so a capacity is never exceeded however many
 * instances assign at once. `held`: an agent this transaction already locked for it (arrival.ts
 * systemOpenAssigned), counted again first.
 */
export async function systemAutoAssign(tx: Tx, target: Target, settings: Caps, held?: string): Promise<AssignOutcome> {
  let holding = !!held;
  if (held) {
    const picked = await assignLocked(tx, target, settings, held);
    if (picked) return { agent: { id: picked.id, name: picked.name }, activityId: picked.activity_id! };
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let tried = await tryAssign(tx, target, settings, false);
    // Everyone with room is being assigned at this moment: wait for the preferred one — only
    // while we hold no agent lock, so two assigners never wait on each other.
    if (!tried.locked && tried.roomy > 0 && !holding) tried = await tryAssign(tx, target, settings, true);
    if (tried.picked) return { agent: { id: tried.locked!, name: tried.name! }, activityId: tried.activity_id! };
    if (!tried.locked) return { agent: null, reason: tried.online ? "all_at_capacity" : "no_agents_online" };
    holding = true;
    const picked = await assignLocked(tx, target, settings, tried.locked);
    if (picked) return { agent: { id: picked.id, name: picked.name }, activityId: picked.activity_id! };
    // Filled by an assigner that committed while we looked: look again, seeing that.
  }
  return { agent: null, reason: "all_at_capacity" };
}
