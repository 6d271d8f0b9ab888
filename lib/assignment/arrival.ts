import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, inboxes, users } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { systemAutoAssign } from "./assign";
import { isOnlineSql } from "./presence";
import type { AutoAssignment } from "./settings.schema";

/**
 * A customer message arrived in an inbox with auto-assignment on (after its rules ran, in the same
 * transaction): an unassigned open conversation is handed out now if someone can take it; one
 * whose assignee is not online goes back to the queue first, so nothing waits on someone away.
 * Returns the ids of the activity lines it wrote and whom it assigned. No query when the caller
 * knows the queue is off.
 */
export async function systemAssignOnArrival(
  tx: Tx,
  inbox: { id: string; autoAssignment?: AutoAssignment | null },
  conversationId: string,
): Promise<{ activityIds: string[]; assignedTo?: string }> {
  let settings = inbox.autoAssignment;
  if (settings === undefined) {
    [{ autoAssignment: settings = null } = { autoAssignment: null }] = await tx
      .select({ autoAssignment: inboxes.autoAssignment })
      .from(inboxes)
      .where(eq(inboxes.id, inbox.id));
  }
  if (!settings?.enabled) return { activityIds: [] };
  const [conv] = await tx
    .select({
      status: conversations.status,
      teamId: conversations.teamId,
      assigneeId: conversations.assigneeId,
      assigneeName: users.name,
      assigneeOnline: sql<boolean | null>`${isOnlineSql(sql`${users}`)}`,
    })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(eq(conversations.id, conversationId));
  if (!conv || conv.status !== "open") return { activityIds: [] };
  const lines: string[] = [];
  if (conv.assigneeId) {
    if (conv.assigneeOnline) return { activityIds: [] };
    await tx.update(conversations).set({ assigneeId: null }).where(eq(conversations.id, conversationId));
    const [line] = await insertActivity(tx, conversationId, inbox.id, [`Back in the queue: ${conv.assigneeName ?? "the assignee"} is away`]);
    lines.push(line!.id);
  }
  const result = await systemAutoAssign(tx, { id: conversationId, inboxId: inbox.id, teamId: conv.teamId }, settings);
  if (!result.agent) return { activityIds: lines };
  lines.push(result.activityId);
  return { activityIds: lines, assignedTo: result.agent.id };
}
