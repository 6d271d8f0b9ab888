import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes, priorities } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { systemAutoAssign } from "./assign";
import { isOnlineSql } from "./presence";
import { IN_QUEUE } from "./queue";
import type { AutoAssignment } from "./settings.schema";

/**
 * What arrival needs to know about a conversation, as columns: selected, or returned by the
 * statement that writes the row (ingestion), so knowing it costs no query of its own. Without
 * `assignee` (the caller knows the queue is off) the assignee's name and presence are not looked up.
 */
export function arrivalStateFields(assignee = true) {
  return {
    status: conversations.status,
    teamId: conversations.teamId,
    priority: conversations.priority,
    waitingSince: sql<Date>`coalesce(${conversations.waitingSince}, ${conversations.createdAt})`.mapWith(conversations.createdAt),
    assigneeId: conversations.assigneeId,
    assigneeName: assignee ? sql<string | null>`(select u.name from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
    assigneeOnline: assignee ? sql<boolean | null>`(select ${isOnlineSql(sql`u`)} from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
  };
}
type Priority = (typeof priorities)[number];
export type ArrivalState = {
  status: string;
  teamId: string | null;
  priority: Priority;
  waitingSince: Date;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeOnline: boolean | null;
};

/**
 * Whether a conversation ahead of this one (higher priority, or as high and waiting longer) waits
 * for agents who could take this one too: one without a team (anyone), or of the same team. One
 * of another team waits for its own team only and does not hold this one back.
 */
async function waitsBehind(tx: Tx, inboxId: string, me: { id: string; teamId: string | null; priority: Priority; waitingSince: Date }): Promise<boolean> {
  const sameAgents = me.teamId ? sql`(c.team_id is null or c.team_id = ${me.teamId})` : sql`c.team_id is null`;
  const higher = priorities.slice(priorities.indexOf(me.priority) + 1); // the schema lists them lowest first
  const { rows } = await tx.execute<{ ahead: boolean }>(sql`
    select exists (
      select 1 from conversations c
      where c.inbox_id = ${inboxId} and ${IN_QUEUE} and c.id <> ${me.id} and ${sameAgents}
        and (c.priority = any(${`{${higher.join(",")}}`}::text[])
          or (c.priority = ${me.priority} and coalesce(c.waiting_since, c.created_at) < ${me.waitingSince.toISOString()}::timestamptz))
    ) as ahead`);
  return !!rows[0]?.ahead;
}

/**
 * A customer message arrived in an inbox with auto-assignment on (after its rules ran, in the same
 * transaction): an unassigned open conversation is handed out now if someone can take it; one
 * whose assignee is not online goes back to the queue first, so nothing waits on someone away.
 * Returns the ids of the activity lines it wrote and whom it assigned. No query when the caller
 * knows the queue is off; none to learn the conversation's state when the caller holds its row and
 * passes it (`state`, from arrivalStateFields).
 */
export async function systemAssignOnArrival(
  tx: Tx,
  inbox: { id: string; autoAssignment?: AutoAssignment | null },
  conversationId: string,
  state?: ArrivalState,
): Promise<{ activityIds: string[]; assignedTo?: string }> {
  let settings = inbox.autoAssignment;
  if (settings === undefined) {
    [{ autoAssignment: settings = null } = { autoAssignment: null }] = await tx
      .select({ autoAssignment: inboxes.autoAssignment })
      .from(inboxes)
      .where(eq(inboxes.id, inbox.id));
  }
  if (!settings?.enabled) return { activityIds: [] };
  const conv = state ?? (await tx.select(arrivalStateFields()).from(conversations).where(eq(conversations.id, conversationId)))[0];
  if (!conv || conv.status !== "open") return { activityIds: [] };
  const lines: string[] = [];
  if (conv.assigneeId) {
    if (conv.assigneeOnline) return { activityIds: [] };
    await tx.update(conversations).set({ assigneeId: null }).where(eq(conversations.id, conversationId));
    const [line] = await insertActivity(tx, conversationId, inbox.id, [`Back in the queue: ${conv.assigneeName ?? "the assignee"} is away`]);
    lines.push(line!.id);
  }
  // Strict order: if someone ahead in the queue waits for the same people, they wait for a reason
  // (nobody free), and serving after a change hands them out first; this one queues behind them.
  if (await waitsBehind(tx, inbox.id, { id: conversationId, ...conv })) return { activityIds: lines };
  const result = await systemAutoAssign(tx, { id: conversationId, inboxId: inbox.id, teamId: conv.teamId }, settings);
  if (!result.agent) return { activityIds: lines };
  lines.push(result.activityId);
  return { activityIds: lines, assignedTo: result.agent.id };
}
