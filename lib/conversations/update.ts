import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, inboxes, inboxTeams } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireReplyableConversation, userCanSeeInbox } from "@/lib/access/visibility";
import { getAdapter } from "@/lib/channels/registry";
import { unprocessable } from "@/lib/errors";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { publish } from "@/lib/realtime/bus";
import { handedTo, type RealtimeEvent } from "@/lib/realtime/events";
import { parseInput } from "@/lib/validation";
import { systemServeQueue, systemServeQueuesOf } from "@/lib/assignment/queue";
import { systemRunRules } from "@/lib/automation/engine";
import { log } from "@/lib/log";
import { describeChange, insertActivity } from "./activity";
import { updateConversationSchema } from "./conversation.schema";
import { getConversation } from "./detail";

/**
 * Changes status, assignee, team or priority. The assignee must be someone who can see the
 * conversation and the team must be assigned to its inbox (422 otherwise).
 */
export async function updateConversation(db: Db, actor: Actor, ref: string, input: unknown) {
  const patch = parseInput(updateConversationSchema, input);
  const conv = await requireReplyableConversation(db, actor, ref);

  if (patch.assigneeId && !(await userCanSeeInbox(db, patch.assigneeId, conv.inboxId))) {
    throw unprocessable("That agent cannot see this conversation's inbox", { assigneeId: ["Not an agent of this inbox"] });
  }
  if (patch.teamId) {
    const [ok] = await db
      .select({ t: inboxTeams.teamId })
      .from(inboxTeams)
      .where(and(eq(inboxTeams.inboxId, conv.inboxId), eq(inboxTeams.teamId, patch.teamId)));
    if (!ok) throw unprocessable("That team is not assigned to this conversation's inbox", { teamId: ["Not a team of this inbox"] });
  }

  const set: Partial<typeof conversations.$inferInsert> = {};
  const changed: Parameters<typeof describeChange>[2] = {};
  if (patch.status && (patch.status !== conv.status || patch.status === "snoozed")) {
    set.status = patch.status;
    set.snoozedUntil = patch.status === "snoozed" ? patch.snoozedUntil! : null;
    changed.status = patch.status;
    changed.snoozedUntil = patch.snoozedUntil;
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== conv.assigneeId) set.assigneeId = changed.assigneeId = patch.assigneeId;
  if (patch.teamId !== undefined && patch.teamId !== conv.teamId) set.teamId = changed.teamId = patch.teamId;
  if (patch.priority && patch.priority !== conv.priority) set.priority = changed.priority = patch.priority;
  if (Object.keys(set).length === 0) return getConversation(db, actor, conv.id);

  const events: RealtimeEvent[] = [{ type: "conversation.updated", conversationId: conv.id, inboxId: conv.inboxId }];
  await db.transaction(async (tx) => {
    await tx.update(conversations).set({ ...set, lastActivityAt: sql`now()` }).where(eq(conversations.id, conv.id));
    const activity = await insertActivity(tx, conv.id, conv.inboxId, await describeChange(tx, actor.name, changed));
    for (const a of activity) events.push({ type: "message.created", conversationId: conv.id, messageId: a.id, inboxId: conv.inboxId });
    if (set.status === "snoozed") {
      await enqueue(tx, QUEUES.wakeSnoozed, { conversationId: conv.id }, { startAfter: set.snoozedUntil! });
    }
    // Rules for conversation.updated see the person's change and act in the same transaction.
    const changedFields = (["status", "assigneeId", "teamId", "priority"] as const).filter((k) => changed[k] !== undefined);
    const rules = await systemRunRules(tx, conv, { event: "conversation.updated", changed: changedFields });
    events.push(...rules.events.filter((e) => e.type !== "conversation.updated"));
    // Whoever now has it hears so, unless they took it themselves.
    const assignedTo = handedTo(rules.events) ?? (set.assigneeId && set.assigneeId !== actor.id ? set.assigneeId : undefined);
    if (assignedTo) events[0] = { ...events[0]!, assignedTo } as RealtimeEvent;
    const [inbox] = await tx.select().from(inboxes).where(eq(inboxes.id, conv.inboxId));
    const adapter = getAdapter(inbox!.channelType);
    const forwarded = set.status || set.assigneeId !== undefined || set.teamId !== undefined;
    if (forwarded && adapter?.wantsEvents?.(inbox!)) {
      await enqueue(tx, QUEUES.deliverEvent, { inboxId: conv.inboxId, conversationId: conv.id, event: "conversation.updated", changes: Object.keys(changed).filter((k) => changed[k as keyof typeof changed] !== undefined) });
    }
  });
  await publish(db, ...events);
  // Capacity freed (resolved, snoozed, pending, unassigned, reassigned): the queues hand out the
  // next waiting conversations now. The change itself is saved whatever serving does.
  const freed = (set.status !== undefined && conv.status === "open") || set.assigneeId !== undefined;
  if (freed) {
    await Promise.all([
      conv.assigneeId ? systemServeQueuesOf(db, conv.assigneeId) : undefined,
      systemServeQueue(db, conv.inboxId),
    ]).catch((e) => log.warn("assignment", `serving after a change to ${conv.id} failed; the sweep will`, e));
  }
  return getConversation(db, actor, conv.id);
}

/** Job: a snoozed conversation whose time has come goes back to open. */
export async function systemWakeSnoozed(db: Db, conversationId: string): Promise<boolean> {
  const [woken] = await db
    .update(conversations)
    .set({ status: "open", snoozedUntil: null })
    .where(and(eq(conversations.id, conversationId), eq(conversations.status, "snoozed"), sql`${conversations.snoozedUntil} <= now() + interval '1 second'`))
    .returning({ id: conversations.id, inboxId: conversations.inboxId });
  if (!woken) return false;
  const [activity] = await db.transaction((tx) => insertActivity(tx, woken.id, woken.inboxId, ["Snooze ended; the conversation is open again"]));
  await publish(
    db,
    { type: "conversation.updated", conversationId: woken.id, inboxId: woken.inboxId },
    { type: "message.created", conversationId: woken.id, messageId: activity!.id, inboxId: woken.inboxId },
  );
  return true;
}
