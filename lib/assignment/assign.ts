import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, users } from "@/db/schema";
import { inboxAgentsSubquery } from "@/lib/access/visibility";
import { insertActivity } from "@/lib/conversations/activity";
import { isOnlineSql } from "./presence";
import type { AutoAssignment } from "./settings.schema";

/*
 * Choosing an agent for one conversation (docs/architecture.md §5.8), inside the caller's transaction. The
 * eligible agents' rows are locked (in id order, so two assigners cannot deadlock) before their
 * open conversations are counted: a second assigner waits, then counts what the first assigned,
 * so a capacity is never exceeded however many instances assign at once.
 */

export type Candidate = { id: string; name: string; openTotal: number; openHere: number; capacity: number | null; lastAssignedAt: Date | null };
export type NoAgentReason = "no_agents_online" | "all_at_capacity";
export type AssignOutcome = { agent: { id: string; name: string }; activityId: string } | { agent: null; reason: NoAgentReason };

type Target = { id: string; inboxId: string; teamId: string | null };

/** Ties go to whoever was assigned least recently (never first), then by id for a stable order. */
function byLeastRecent(a: Candidate, b: Candidate) {
  const at = a.lastAssignedAt?.getTime() ?? -Infinity;
  const bt = b.lastAssignedAt?.getTime() ?? -Infinity;
  return at - bt || (a.id < b.id ? -1 : 1);
}

export function pickAgent(mode: AutoAssignment["mode"], candidates: Candidate[]): Candidate | null {
  if (!candidates.length) return null;
  const sorted = [...candidates].sort(mode === "balanced" ? (a, b) => a.openTotal - b.openTotal || byLeastRecent(a, b) : byLeastRecent);
  return sorted[0]!;
}

/** The online agents who may take a conversation of this inbox (and team), locked, with their counts. */
export async function lockedCandidates(tx: Tx, target: Target): Promise<Candidate[]> {
  const team = target.teamId ? sql`and u.id in (select tm.user_id from team_members tm where tm.team_id = ${target.teamId})` : sql``;
  const locked = await tx.execute<{ id: string }>(sql`
    select u.id from users u
    where u.active and u.id in ${inboxAgentsSubquery("user_id", { inboxId: target.inboxId })} ${team} and ${isOnlineSql(sql`u`)}
    order by u.id
    for update of u`);
  if (!locked.rows.length) return [];
  // A new statement: it sees what assigners that held these locks before us committed.
  const ids = locked.rows.map((r) => r.id);
  const { rows } = await tx.execute<{ id: string; name: string; capacity: number | null; last_assigned_at: string | null; open_total: number; open_here: number }>(sql`
    select u.id, u.name, u.capacity, u.last_assigned_at,
      (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open')::int as open_total,
      (select count(*) from conversations c where c.assignee_id = u.id and c.status = 'open' and c.inbox_id = ${target.inboxId})::int as open_here
    from users u where u.id = any(${`{${ids.join(",")}}`}::uuid[])`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    capacity: r.capacity,
    lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at) : null,
    openTotal: r.open_total,
    openHere: r.open_here,
  }));
}

/**
 * Assigns the conversation to the agent the inbox's mode picks among those online and under both
 * capacities; or says why nobody could take it. The caller holds the conversation's row.
 */
export async function systemAutoAssign(tx: Tx, target: Target, settings: Pick<AutoAssignment, "mode" | "capacity">): Promise<AssignOutcome> {
  const online = await lockedCandidates(tx, target);
  if (!online.length) return { agent: null, reason: "no_agents_online" };
  const room = online.filter((c) => (c.capacity === null || c.openTotal < c.capacity) && (settings.capacity === null || c.openHere < settings.capacity));
  const agent = pickAgent(settings.mode, room);
  if (!agent) return { agent: null, reason: "all_at_capacity" };
  await tx.update(conversations).set({ assigneeId: agent.id }).where(eq(conversations.id, target.id));
  await tx.update(users).set({ lastAssignedAt: sql`clock_timestamp()` }).where(eq(users.id, agent.id));
  const [line] = await insertActivity(tx, target.id, target.inboxId, [`Assigned to ${agent.name} (auto-assignment)`]);
  return { agent: { id: agent.id, name: agent.name }, activityId: line!.id };
}
