import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversationLabels, conversations, inboxes, labels } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation } from "@/lib/access/visibility";
import { getAdapter } from "@/lib/channels/registry";
import { systemRunRules } from "@/lib/automation/engine";
import { insertActivity } from "@/lib/conversations/activity";
import { getConversation } from "@/lib/conversations/detail";
import { unprocessable } from "@/lib/errors";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { parseInput } from "@/lib/validation";
import { conversationLabelsInput } from "./label.schema";

// Names cannot contain commas (label.schema.ts), so a comma-separated list reads unambiguously.
const phrase = (verb: string, names: string[]) => `${verb} ${names.length === 1 ? "label" : "labels"} ${names.join(", ")}`;

/**
 * Replaces a conversation's labels (whoever can see the conversation may). One transaction: the
 * conversation row is locked so two saves at once take turns, and the activity line names
 * exactly what this save added and removed. Unknown label ids → 422, nothing changed.
 */
export async function setConversationLabels(db: Db, actor: Actor, ref: string, input: unknown) {
  const { labelIds } = parseInput(conversationLabelsInput, input);
  const wanted = [...new Set(labelIds)];
  const conv = await requireVisibleConversation(db, actor, ref);

  const events: RealtimeEvent[] = [];
  await db.transaction(async (tx) => {
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conv.id)).for("update");
    const found = wanted.length ? await tx.select({ id: labels.id, name: labels.name }).from(labels).where(inArray(labels.id, wanted)) : [];
    if (found.length !== wanted.length) {
      throw unprocessable("Some of these labels do not exist", { labelIds: ["Unknown label id"] });
    }
    const current = await tx
      .select({ id: labels.id, name: labels.name })
      .from(conversationLabels)
      .innerJoin(labels, eq(labels.id, conversationLabels.labelId))
      .where(eq(conversationLabels.conversationId, conv.id));
    const currentIds = new Set(current.map((l) => l.id));
    const added = found.filter((l) => !currentIds.has(l.id));
    const removed = current.filter((l) => !wanted.includes(l.id));
    if (added.length === 0 && removed.length === 0) return;

    if (removed.length) {
      await tx.delete(conversationLabels).where(
        and(eq(conversationLabels.conversationId, conv.id), inArray(conversationLabels.labelId, removed.map((l) => l.id))),
      );
    }
    if (added.length) await tx.insert(conversationLabels).values(added.map((l) => ({ conversationId: conv.id, labelId: l.id })));

    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const parts = [
      added.length ? phrase("added", added.sort(byName).map((l) => l.name)) : null,
      removed.length ? phrase("removed", removed.sort(byName).map((l) => l.name)) : null,
    ].filter(Boolean);
    const activity = await insertActivity(tx, conv.id, conv.inboxId, [`${actor.name} ${parts.join(" and ")}`]);
    events.push({ type: "conversation.updated", conversationId: conv.id, inboxId: conv.inboxId });
    for (const a of activity) events.push({ type: "message.created", conversationId: conv.id, messageId: a.id, inboxId: conv.inboxId });

    const rules = await systemRunRules(tx, conv, { event: "conversation.updated", changed: ["labelIds"] });
    events.push(...rules.events.filter((e) => e.type !== "conversation.updated"));
    const [inbox] = await tx.select().from(inboxes).where(eq(inboxes.id, conv.inboxId));
    if (getAdapter(inbox!.channelType)?.wantsEvents?.(inbox!)) {
      await enqueue(tx, QUEUES.deliverEvent, { inboxId: conv.inboxId, conversationId: conv.id, event: "conversation.updated", changes: ["labelIds"] });
    }
  });
  // A relabel does not move the conversation in the list: lastActivityAt is left alone on purpose.
  if (events.length) await publish(db, ...events);
  return getConversation(db, actor, conv.id);
}
