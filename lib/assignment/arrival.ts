import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { systemAutoAssign, systemChooseAssignee, type Caps } from "./assign";
import { isOnlineSql } from "./presence";
import { IN_QUEUE, rankSql } from "./queue";
import type { AutoAssignment } from "./settings.schema";

/**
 * SQL: whether a conversation ahead of this one in the inbox's queue (higher priority, or as high
 * and waiting longer) waits for agents who could take this one too — one without a team (anyone),
 * or of the same team. Those wait for a reason (nobody free), and serving after a change hands
 * them out first, so this one queues behind them. One of another team waits for its own team only
 * and does not hold it back. Read off conversations_queue_idx.
 */
function waitingAheadSql(me: { inboxId: SQL; teamId: SQL; rank: SQL; since: SQL; id?: SQL }) {
  return sql<boolean>`exists (
    select 1 from conversations c
    where c.inbox_id = ${me.inboxId} and ${IN_QUEUE} ${me.id ? sql`and c.id <> ${me.id}` : sql``}
      and (c.team_id is null or c.team_id = ${me.teamId})
      and (${rankSql(sql`c`)}, coalesce(c.waiting_since, c.created_at)) < (${me.rank}, ${me.since})
  )`;
}

/** waitingAheadSql on the `conversations` row; only an unassigned open conversation can wait, the others skip the lookup. */
function waitsBehindSql() {
  const me = sql.raw('"conversations"');
  const ahead = waitingAheadSql({
    inboxId: sql`${me}.inbox_id`,
    teamId: sql`${me}.team_id`,
    rank: rankSql(me),
    since: sql`coalesce(${me}.waiting_since, ${me}.created_at)`,
    id: sql`${me}.id`,
  });
  return sql<boolean>`${me}.assignee_id is null and ${me}.status = 'open' and ${ahead}`;
}

/**
 * What arrival needs to know about a conversation, as columns: selected, or returned by the
 * statement that writes the row (ingestion), so knowing it costs no query of its own. Without
 * `assignee` (the caller knows the queue is off) the assignee's presence is not looked up.
 */
export function arrivalStateFields(assignee = true) {
  return {
    status: conversations.status,
    teamId: conversations.teamId,
    assigneeId: conversations.assigneeId,
    waitsBehind: assignee ? waitsBehindSql() : sql<null>`null`,
    assigneeOnline: assignee ? sql<boolean | null>`(select ${isOnlineSql(sql`u`)} from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
  };
}
export type ArrivalState = {
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  waitsBehind: boolean | null;
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
    // Their name only now: read on every arrival, it would cost a lookup each time for this rare case.
    const [away] = await tx
      .update(conversations)
      .set({ assigneeId: null })
      .where(eq(conversations.id, conversationId))
      .returning({ name: sql<string | null>`(select u.name from users u where u.id = ${conv.assigneeId}::uuid)` });
    const [line] = await insertActivity(tx, conversationId, inbox.id, [`Back in the queue: ${away?.name ?? "the assignee"} is away`]);
    lines.push(line!.id);
  }
  // Strict order: nobody overtakes someone waiting for the same people (waitsBehindSql).
  if (conv.waitsBehind) return { activityIds: lines };
  const result = await systemAutoAssign(tx, { id: conversationId, inboxId: inbox.id, teamId: conv.teamId }, settings);
  if (!result.agent) return { activityIds: lines };
  lines.push(result.activityId);
  return { activityIds: lines, assignedTo: result.agent.id };
}

/**
 * Chooses the assignee of a conversation before it is written, in the transaction that opens it:
 * the row is then inserted once, already assigned, where assigning afterwards would write it
 * twice (every index of the busiest table). Only for an arrival no rule acts on — rules run on
 * the unassigned conversation first — and the caller stores the activity line with the message
 * (activityText). New conversations have no team and the lowest priority and wait from `at`.
 * Nobody, when nobody is free or someone ahead waits for the same people.
 */
export async function systemChooseForOpening(tx: Tx, inboxId: string, at: Date, settings: Caps): Promise<{ id: string; name: string } | null> {
  const ahead = waitingAheadSql({ inboxId: sql`${inboxId}::uuid`, teamId: sql`null::uuid`, rank: sql`4`, since: sql`${at.toISOString()}::timestamptz` });
  return systemChooseAssignee(tx, { inboxId }, settings, sql`not ${ahead}`);
}
