import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { columnsByKey, decodeRow, executeCached } from "@/db/prepared";
import { CHOICE_OUTCOME, choiceSql, slotSql, systemAutoAssign, turnSql, type Attempt, type Caps } from "./assign";
import { isOnlineSql, presenceGraceSeconds } from "./presence";
import { IN_QUEUE, QUEUE_ORDER, rankSql } from "./queue";
import type { AutoAssignment } from "./settings.schema";

/**
 * SQL: whether a conversation ahead of this one in the inbox's queue (higher priority, or as high
 * and waiting longer) waits for agents who could take this one too — one without a team (anyone),
 * or of the same team. Those wait for a reason (nobody free), and serving after a change hands
 * them out first, so this one queues behind them. One of another team waits for its own team only
 * and does not hold it back. Read off conversations_queue_idx.
 */
function waitingAheadSql(me: { inboxId: SQL; teamId: SQL; rank: SQL; since: SQL; id?: SQL }) {
  // The first in queue order, not `exists`: an exists drops the order, and the planner then reads
  // the table from the start when it expects many matches, where the first sits at the end.
  return sql<boolean>`(
    select true from conversations c
    where c.inbox_id = ${me.inboxId} and ${IN_QUEUE} ${me.id ? sql`and c.id <> ${me.id}` : sql``}
      and (c.team_id is null or c.team_id = ${me.teamId})
      and (${rankSql(sql`c`)}, coalesce(c.waiting_since, c.created_at)) < (${me.rank}, ${me.since})
    order by ${QUEUE_ORDER}
    limit 1
  ) is not null`;
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

export type Opening = { inboxId: string; contactId: string; contactIdentityId: string; subject: string | null; at: Date; preview: string | null };
export type Opened = { conversation: typeof conversations.$inferSelect; agent: { id: string; name: string } | null; retry: { held: string | null } | null };

/**
 * Opens a conversation in an inbox whose queue is on, already assigned when someone can take it:
 * the queue's choice (assign.ts) and the insert are one statement, so the row is written once and
 * the arrival costs no round trip of its own — on this path each statement costs about as much as
 * the work it does. Only for an arrival no rule acts on (rules run on the unassigned conversation
 * first); the caller stores the activity line with the message (activityText). A new conversation
 * has no team and the lowest priority and waits from `at`: nobody takes it while someone waits
 * ahead of it for the same people.
 *
 * `retry`: someone had room, but not in this statement — everyone with room was being assigned a
 * conversation at that moment, or the preferred agent's count had gone stale (`held`: they stay
 * locked). The conversation is then opened unassigned, and once its message is stored the caller
 * assigns it the usual way (systemAutoAssign with `held`), which counts again or waits.
 */
export async function systemOpenAssigned(tx: Tx, opening: Opening, settings: Caps): Promise<Opened> {
  const key = `open-assigned:${settings.mode}:${presenceGraceSeconds()}`;
  const at = opening.at.toISOString();
  const values = { ...opening, at, since: at, capacity: settings.capacity };
  const { rows } = await executeCached<Record<string, unknown> & Omit<Attempt, "activity_id">>(tx, key, () => openAssignedSql(settings.mode), values);
  const row = rows[0]!;
  const { locked, name, picked, roomy } = row;
  const retry = !picked && (locked || roomy > 0) ? { held: locked } : null;
  return { conversation: decodeRow(conversations, row), agent: picked ? { id: locked!, name: name! } : null, retry };
}

function openAssignedSql(mode: Caps["mode"]): SQL {
  const slot = { id: null, inboxId: slotSql("inboxId"), teamId: null };
  return sql`
    with ${choiceSql(slot, mode, false, OPENING_GATE)}, ${turnSql}, conv as (
      insert into ${conversations} (inbox_id, contact_id, contact_identity_id, subject, assignee_id, last_activity_at, last_incoming_at, waiting_since, last_message_preview)
      select ${slotSql("inboxId")}::uuid, ${slotSql("contactId")}::uuid, ${slotSql("contactIdentityId")}::uuid, ${slotSql("subject")}::text,
        (select id from pick), ${slotSql("at")}::timestamptz, ${slotSql("at")}::timestamptz, ${slotSql("at")}::timestamptz, ${slotSql("preview")}::text
      returning ${columnsByKey(conversations)}
    )
    select conv.*, ${CHOICE_OUTCOME} from conv`;
}

/** Nobody waits ahead of a new conversation for the same people (placeholders: the statement is cached). */
const OPENING_GATE = sql`not ${waitingAheadSql({
  inboxId: sql`${sql.placeholder("inboxId")}::uuid`,
  teamId: sql`null::uuid`,
  rank: sql`4`,
  since: sql`${sql.placeholder("since")}::timestamptz`,
})}`;
