import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { systemAutoAssign } from "./assign";
import { isOnlineSql } from "./presence";
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
    assigneeId: conversations.assigneeId,
    assigneeName: assignee ? sql<string | null>`(select u.name from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
    assigneeOnline: assignee ? sql<boolean | null>`(select ${isOnlineSql(sql`u`)} from users u where u.id = ${conversations.assigneeId})` : sql<null>`null`,
  };
}
export type ArrivalState = { status: string; teamId: string | null; assigneeId: string | null; assigneeName: string | null; assigneeOnline: boolean | null };

/**
 * A customer message arrived in an inbox with auto-assignment on (after its rules ran, in the same
 * transaction): an unassigned open conversation is handed out now if someone can take it; one
 * whose assignee is not online goes back to the queue first, so nothing waits on someone away.
 * Returns the ids of the activity lines it wrote. No query when the caller knows the queue is off;
 * none to learn the conversation's state when the caller holds its row and passes it (`state`,
 * from arrivalStateFields).
 */
export async function systemAssignOnArrival(
  tx: Tx,
  inbox: { id: string; autoAssignment?: AutoAssignment | null },
  conversationId: string,
  state?: ArrivalState,
): Promise<string[]> {
  let settings = inbox.autoAssignment;
  if (settings === undefined) {
    [{ autoAssignment: settings = null } = { autoAssignment: null }] = await tx
      .select({ autoAssignment: inboxes.autoAssignment })
      .from(inboxes)
      .where(eq(inboxes.id, inbox.id));
  }
  if (!settings?.enabled) return [];
  const conv = state ?? (await tx.select(arrivalStateFields()).from(conversations).where(eq(conversations.id, conversationId)))[0];
  if (!conv || conv.status !== "open") return [];
  const lines: string[] = [];
  if (conv.assigneeId) {
    if (conv.assigneeOnline) return [];
    await tx.update(conversations).set({ assigneeId: null }).where(eq(conversations.id, conversationId));
    const [line] = await insertActivity(tx, conversationId, inbox.id, [`Back in the queue: ${conv.assigneeName ?? "the assignee"} is away`]);
    lines.push(line!.id);
  }
  const result = await systemAutoAssign(tx, { id: conversationId, inboxId: inbox.id, teamId: conv.teamId }, settings);
  if (result.agent) lines.push(result.activityId);
  return lines;
}
