import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { systemAutoAssign } from "./assign";
import { isOnlineSql } from "./presence";
import { IN_QUEUE, rankSql } from "./queue";
import type { AutoAssignment } from "./settings.schema";

/**
 * SQL on the `conversations` row: whether a conversation ahead of it in the queue (higher
 * priority, or as high and waiting longer) waits for agents who could take it too — one without
 * a team (anyone), or of the same team. Those wait for a reason (nobody free), and serving after
 * a change hands them out first, so this one queues behind them. One of another team waits for
 * its own team only and does not hold it back. Read off conversations_queue_idx.
 */
function waitsBehindSql() {
  const me = sql.raw('"conversations"');
  // Only an unassigned open conversation can wait; the others skip the lookup.
  return sql<boolean>`${me}.assignee_id is null and ${me}.status = 'open' and exists (
    select 1 from conversations c
    where c.inbox_id = ${me}.inbox_id and ${IN_QUEUE} and c.id <> ${me}.id
      and (c.team_id is null or c.team_id = ${me}.team_id)
      and (${rankSql(sql`c`)}, coalesce(c.waiting_since, c.created_at)) < (${rankSql(me)}, coalesce(${me}.waiting_since, ${me}.created_at))
  )`;
}

/**
 * What arrival needs to know about a conversation, as columns: selected, or returned by the
 * statement that writes the row (ingestion), so knowing it costs no query of its own. Without
 * `assignee` (the caller knows the queue is off) the assignee's name and presence are not looked up.
 */
export function arrivalStateFields(assignee = true) {
  return {
    status: conversations.status,
    teamId: conversations.teamId,
    assigneeId: conversations.assigneeId,
    waitsBehind: assignee ? waitsBehindSql() : sql<null>`null`,
    assigneeName: assignee ? sql<string | null>`(select u.name from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
    assigneeOnline: assignee ? sql<boolean | null>`(select ${isOnlineSql(sql`u`)} from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
  };
}
export type ArrivalState = {
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  waitsBehind: boolean | null;
  assigneeName: string | null;
  assigneeOnline: boolean | null;
};

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
  // Strict order: nobody overtakes someone waiting for the same people (waitsBehindSql).
  if (conv.waitsBehind) return { activityIds: lines };
  const result = await systemAutoAssign(tx, { id: conversationId, inboxId: inbox.id, teamId: conv.teamId }, settings);
  if (!result.agent) return { activityIds: lines };
  lines.push(result.activityId);
  return { activityIds: lines, assignedTo: result.agent.id };
}
