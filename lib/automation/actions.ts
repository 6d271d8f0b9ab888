import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversationLabels, conversations, inboxTeams, labels, messages, teams, users, type RuleActionOutcome } from "@/db/schema";
import { userCanSeeInbox } from "@/lib/access/visibility";
import { systemAutoAssign } from "@/lib/assignment/assign";
import { AUTOMATION_CAP_PER_HOUR } from "@/lib/inboxes/auto-replies";
import { renderTemplate } from "@/lib/inboxes/auto-reply-template";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { preview } from "@/lib/conversations/preview";
import type { ActiveRule } from "./cache";
import type { Facts } from "./conditions";
import type { Action } from "./rule.schema";

/*
 * The actions of a rule, run in order inside the caller's transaction. Each changes the
 * conversation row (or its labels) at once, so later actions and later rules see the result;
 * each reports what it did for the run log, and the words for the thread's activity line.
 */

/** Shared by every rule of one run: what was written, to announce after commit. */
export type RunEffects = {
  /** The run log row of the rule running now (its webhooks report a failure to it). */
  runId: string;
  messageIds: string[];
  conversationChanged: boolean;
  /** Automated public messages in this conversation in the last hour, read on first need. */
  automatedLastHour?: number;
};

type Done = { outcome: RuleActionOutcome; words?: string; error?: string };

const nameOf = async (tx: Tx, table: typeof teams | typeof users | typeof labels, id: string) =>
  (await tx.select({ name: table.name }).from(table).where(eq(table.id, id)))[0]?.name ?? null;

const ok = (type: string, words: string, detail = words): Done => ({ outcome: { type, outcome: "done", detail }, words });
const same = (type: string, detail: string): Done => ({ outcome: { type, outcome: "unchanged", detail } });
const skip = (type: string, error: string): Done => ({ outcome: { type, outcome: "skipped", detail: error }, error });

async function setConversation(tx: Tx, facts: Facts, effects: RunEffects, set: Partial<typeof conversations.$inferInsert>) {
  await tx.update(conversations).set(set).where(eq(conversations.id, facts.conversation.id));
  effects.conversationChanged = true;
}

async function automatedLastHour(tx: Tx, conversationId: string, now: Date) {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from messages
    where conversation_id = ${conversationId} and sender_automation is not null and private = false
      and created_at > ${now.toISOString()}::timestamptz - interval '1 hour'`);
  return rows[0]?.n ?? 0;
}

async function templateValues(tx: Tx, facts: Facts) {
  const c = facts.conversation;
  const agent = c.assigneeId ? await nameOf(tx, users, c.assigneeId) : null;
  return { contact: { name: c.contact.name }, conversation: { number: c.number }, inbox: { name: c.inbox.name }, agent: { name: agent } };
}

async function writeMessage(tx: Tx, rule: ActiveRule, facts: Facts, effects: RunEffects, content: string, isPrivate: boolean, order: number) {
  const conv = facts.conversation;
  const text = renderTemplate(content, await templateValues(tx, facts));
  // Just after the message that triggered the run, so the thread reads it as the answer.
  const at = new Date(Math.max(facts.now.getTime(), Date.now()) + 1 + order);
  const [m] = await tx
    .insert(messages)
    .values({
      conversationId: conv.id,
      inboxId: conv.inboxId,
      kind: "outgoing",
      private: isPrivate,
      senderAutomation: { type: "automation", id: rule.id, name: rule.name },
      content: text,
      status: isPrivate ? null : "pending",
      createdAt: at,
    })
    .returning({ id: messages.id });
  if (!isPrivate) {
    await enqueue(tx, QUEUES.deliverMessage, { messageId: m!.id });
    await tx
      .update(conversations)
      .set({ lastOutgoingAt: at, lastMessagePreview: preview(text, []), lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${at})` })
      .where(eq(conversations.id, conv.id));
    conv.lastOutgoingAt = at;
  }
  effects.messageIds.push(m!.id);
  return m!.id;
}

export async function runAction(tx: Tx, rule: ActiveRule, action: Action, facts: Facts, effects: RunEffects, index: number): Promise<Done> {
  const conv = facts.conversation;
  const t = action.type;
  switch (action.type) {
    case "assign_team": {
      // One query: the team's name and whether it works this inbox.
      const [team] = await tx
        .select({ name: teams.name, assigned: sql<boolean>`exists (select 1 from ${inboxTeams} where ${inboxTeams.inboxId} = ${conv.inboxId} and ${inboxTeams.teamId} = ${teams.id})` })
        .from(teams)
        .where(eq(teams.id, action.teamId));
      if (!team) return skip(t, "The team no longer exists");
      const name = team.name;
      if (!team.assigned) return skip(t, `Team ${name} is not assigned to inbox ${conv.inbox.name}`);
      if (conv.teamId === action.teamId) return same(t, `Already team ${name}`);
      await setConversation(tx, facts, effects, { teamId: action.teamId });
      conv.teamId = action.teamId;
      return ok(t, `team ${name}`);
    }
    case "remove_team": {
      if (conv.teamId !== action.teamId) return same(t, "Not in that team");
      await setConversation(tx, facts, effects, { teamId: null });
      conv.teamId = null;
      return ok(t, "team removed");
    }
    case "assign_agent": {
      const [agent] = await tx.select({ name: users.name, active: users.active }).from(users).where(eq(users.id, action.agentId));
      if (!agent || !agent.active) return skip(t, "The agent no longer exists or is deactivated");
      if (!(await userCanSeeInbox(tx, action.agentId, conv.inboxId))) return skip(t, `${agent.name} cannot see inbox ${conv.inbox.name}`);
      if (conv.assigneeId === action.agentId) return same(t, `Already assigned to ${agent.name}`);
      await setConversation(tx, facts, effects, { assigneeId: action.agentId });
      conv.assigneeId = action.agentId;
      return ok(t, `assigned to ${agent.name}`);
    }
    case "unassign": {
      if (!conv.assigneeId) return same(t, "Nobody was assigned");
      await setConversation(tx, facts, effects, { assigneeId: null });
      conv.assigneeId = null;
      return ok(t, "unassigned");
    }
    case "auto_assign": {
      if (conv.assigneeId) return same(t, "Already assigned");
      // By the inbox's mode and cap, even when its own auto-assignment is off (balanced then).
      const settings = conv.inbox.autoAssignment;
      const result = await systemAutoAssign(tx, conv, { mode: settings?.mode ?? "balanced", capacity: settings?.capacity ?? null });
      if (result.agent) {
        conv.assigneeId = result.agent.id;
        effects.conversationChanged = true;
        effects.messageIds.push(result.activityId);
        return { outcome: { type: t, outcome: "done", detail: `assigned to ${result.agent.name}` } };
      }
      const why = result.reason === "no_agents_online" ? "nobody who may take it is online" : "everyone who may take it is at capacity";
      // With the inbox's queue on it is handed out later; otherwise nothing will try again.
      if (settings?.enabled) return { outcome: { type: t, outcome: "unchanged", detail: `Waiting in the queue: ${why}` } };
      return skip(t, `Not assigned: ${why}, and auto-assignment is off for inbox ${conv.inbox.name}`);
    }
    case "add_labels": {
      const found = await tx.select({ id: labels.id, name: labels.name }).from(labels).where(inArray(labels.id, action.labelIds));
      const missing = action.labelIds.length - found.length;
      const adding = found.filter((l) => !conv.labelIds.includes(l.id));
      if (adding.length) {
        await tx.insert(conversationLabels).values(adding.map((l) => ({ conversationId: conv.id, labelId: l.id }))).onConflictDoNothing();
        conv.labelIds = [...conv.labelIds, ...adding.map((l) => l.id)];
        effects.conversationChanged = true;
      }
      const error = missing ? `${missing === 1 ? "A label" : `${missing} labels`} no longer exist${missing === 1 ? "s" : ""}` : undefined;
      if (!adding.length) return error ? skip(t, error) : same(t, "Labels already there");
      const words = `${adding.length === 1 ? "label" : "labels"} ${adding.map((l) => l.name).join(", ")}`;
      return { outcome: { type: t, outcome: "done", detail: error ? `${words}; ${error}` : words }, words, error };
    }
    case "remove_labels": {
      const removing = action.labelIds.filter((id) => conv.labelIds.includes(id));
      if (!removing.length) return same(t, "None of these labels were there");
      const names = await tx.select({ name: labels.name }).from(labels).where(inArray(labels.id, removing));
      await tx.delete(conversationLabels).where(and(eq(conversationLabels.conversationId, conv.id), inArray(conversationLabels.labelId, removing)));
      conv.labelIds = conv.labelIds.filter((id) => !removing.includes(id));
      effects.conversationChanged = true;
      return ok(t, `removed ${names.length === 1 ? "label" : "labels"} ${names.map((n) => n.name).join(", ")}`);
    }
    case "set_priority": {
      if (conv.priority === action.priority) return same(t, `Priority already ${action.priority}`);
      await setConversation(tx, facts, effects, { priority: action.priority });
      conv.priority = action.priority;
      return ok(t, `priority ${action.priority}`);
    }
    case "set_status": {
      if (conv.status === action.status) return same(t, `Already ${action.status}`);
      await setConversation(tx, facts, effects, { status: action.status, snoozedUntil: null });
      conv.status = action.status;
      return ok(t, action.status === "open" ? "reopened" : action.status === "resolved" ? "resolved" : "marked as pending");
    }
    case "snooze": {
      const until = new Date(facts.now.getTime() + action.minutes * 60_000);
      await setConversation(tx, facts, effects, { status: "snoozed", snoozedUntil: until });
      await enqueue(tx, QUEUES.wakeSnoozed, { conversationId: conv.id }, { startAfter: until });
      conv.status = "snoozed";
      return ok(t, `snoozed for ${action.minutes} min`);
    }
    case "send_message": {
      if (conv.inbox.deletedAt) return skip(t, "The inbox has been deleted");
      effects.automatedLastHour ??= await automatedLastHour(tx, conv.id, facts.now);
      if (effects.automatedLastHour >= AUTOMATION_CAP_PER_HOUR) {
        return skip(t, `Held back: ${AUTOMATION_CAP_PER_HOUR} automated messages in this conversation in the last hour is the limit`);
      }
      effects.automatedLastHour++;
      await writeMessage(tx, rule, facts, effects, action.content, false, index);
      // The message shows in the thread with the rule as its sender: no activity words needed.
      return { outcome: { type: t, outcome: "done", detail: "Reply queued" } };
    }
    case "add_note": {
      await writeMessage(tx, rule, facts, effects, action.content, true, index);
      return { outcome: { type: t, outcome: "done", detail: "Note added" } };
    }
    case "send_webhook": {
      await enqueue(tx, QUEUES.automationWebhook, {
        ruleId: rule.id,
        runId: effects.runId,
        conversationId: conv.id,
        messageId: facts.messageId ?? null,
        url: action.url,
        firedAt: facts.now.toISOString(),
      });
      return { outcome: { type: t, outcome: "done", detail: `Queued POST to ${new URL(action.url).host}` } };
    }
  }
}
