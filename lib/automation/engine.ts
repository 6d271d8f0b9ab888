import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { automationFires, type RuleActionOutcome } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { runAction, type RunEffects } from "./actions";
import { rulesFor, type ActiveRule } from "./cache";
import { ruleMatches, type ConversationFacts, type Facts } from "./conditions";
import { systemConversationFacts } from "./facts";
import type { RuleEvent } from "./rule.schema";

/*
 * Running the rules of one event on one conversation, inside the transaction of whatever
 * triggered it (docs/architecture.md §5.7): the customer's message, a person's change, or the
 * time sweep. What rules change never triggers rules: actions write the rows directly and never
 * call back into this module.
 */

/** What ingestion already knows of the conversation; `labelIds` null: not read yet. */
export type KnownFacts = Omit<ConversationFacts, "labelIds"> & { labelIds: string[] | null };

const conditionsUseLabels = (r: ActiveRule) => r.conditions.some((c) => c.field === "labelIds");
const actionsUseLabels = (r: ActiveRule) => r.actions.some((a) => a.type === "add_labels" || a.type === "remove_labels");

async function labelIdsOf(tx: Tx, conversationId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ label_id: string }>(sql`select label_id from conversation_labels where conversation_id = ${conversationId}`);
  return rows.map((r) => r.label_id);
}

/** The customer message a message event is about. */
export type TriggerMessage = { id: string; content: string; subject?: string | null; recipients?: string[] };

export type Trigger =
  | { event: "conversation.created" | "message.received"; message: TriggerMessage }
  | { event: "conversation.updated"; changed: string[] }
  | { event: "time" };

export type RunResult = {
  /** To publish after commit: the conversation's final state and the messages rules wrote. */
  events: RealtimeEvent[];
  /** Whether any rule changed the conversation (its row, labels or messages). */
  changed: boolean;
  /** How many rules matched and ran (whether or not they changed anything). */
  fired: number;
};

const NOTHING: RunResult = { events: [], changed: false, fired: 0 };

async function alreadyFired(tx: Tx, rule: ActiveRule, conv: ConversationFacts): Promise<boolean> {
  const [fire] = await tx
    .select({ firedAt: automationFires.firedAt })
    .from(automationFires)
    .where(and(eq(automationFires.ruleId, rule.id), eq(automationFires.conversationId, conv.id)));
  if (!fire) return false;
  if (rule.oncePerConversation) return true;
  // Time rules: once until the conversation has new activity (lib/automation/sweep.ts reads the same rule).
  const [row] = (
    await tx.execute<{ active: boolean }>(sql`
      select greatest(last_incoming_at, last_person_message_at) > ${fire.firedAt.toISOString()}::timestamptz as active
      from conversations where id = ${conv.id}`)
  ).rows;
  return !row?.active;
}

/**
 * Runs `rules` (already filtered to the event and the inbox, in run order) on one conversation.
 * `facts` may be given by a caller that loaded them (the sweep); otherwise they are read once.
 */
export async function systemRunRulesOn(
  tx: Tx,
  rules: ActiveRule[],
  conversationId: string,
  trigger: Trigger,
  now: Date,
  preloaded?: ConversationFacts,
): Promise<RunResult> {
  if (!rules.length) return NOTHING;
  const conv = preloaded ?? (await systemConversationFacts(tx, [conversationId])).get(conversationId);
  if (!conv) return NOTHING;
  const facts: Facts = {
    now,
    conversation: conv,
    ...(trigger.event === "conversation.created" || trigger.event === "message.received"
      ? { message: trigger.message, messageId: trigger.message.id }
      : {}),
    ...(trigger.event === "conversation.updated" ? { changed: trigger.changed } : {}),
  };
  const effects: RunEffects = { runId: "", messageIds: [], conversationChanged: false };
  const assignedBefore = conv.assigneeId;
  const activityIds: string[] = [];
  const runs: { id: string; ruleId: string; actions: RuleActionOutcome[]; error: string | null }[] = [];
  const fires: string[] = [];
  const lines: string[] = [];
  let fired = 0;

  for (const rule of rules) {
    const once = rule.oncePerConversation || rule.event === "time";
    if (!ruleMatches(rule, facts)) continue;
    if (once && (await alreadyFired(tx, rule, conv))) continue;

    fired++;
    effects.runId = randomUUID();
    const outcomes: RuleActionOutcome[] = [];
    const words: string[] = [];
    const errors: string[] = [];
    // What an action cannot do (a vanished team, an agent who cannot see the inbox) it reports as
    // skipped; an unexpected failure ends the whole run, whose caller undoes it alone (systemRunIngestRules).
    for (const [i, action] of rule.actions.entries()) {
      const done = await runAction(tx, rule, action, facts, effects, i);
      outcomes.push(done.outcome);
      if (done.words) words.push(done.words);
      if (done.error) errors.push(done.error);
    }
    runs.push({ id: effects.runId, ruleId: rule.id, actions: outcomes, error: errors.length ? errors.join("; ") : null });
    if (once) fires.push(rule.id);
    if (words.length) lines.push(`Rule "${rule.name}": ${words.join(", ")}`);
    if (rule.stopProcessing) break;
  }

  // One statement each for the run log, the fire records and the activity lines of every rule
  // that ran. Runs are logged only for rules that still exist: one deleted a moment ago (another
  // instance's cache still ran it) must not fail the transaction that stores the customer's message.
  if (runs.length) {
    const values = sql.join(
      runs.map((r) => sql`(${r.id}::uuid, ${r.ruleId}::uuid, ${JSON.stringify(r.actions)}::jsonb, ${r.error}::text)`),
      sql`, `,
    );
    await tx.execute(sql`
      insert into automation_runs (id, rule_id, conversation_id, event, actions, error)
      select v.id, v.rule_id, ${conv.id}, ${trigger.event}, v.actions, v.error from (values ${values}) as v (id, rule_id, actions, error)
      where exists (select 1 from automation_rules r where r.id = v.rule_id for key share)`);
  }
  if (fires.length) {
    const values = sql.join(fires.map((id) => sql`(${id}::uuid, ${conv.id}::uuid, ${now.toISOString()}::timestamptz)`), sql`, `);
    await tx.execute(sql`
      insert into automation_fires (rule_id, conversation_id, fired_at)
      select v.rule_id, v.conversation_id, v.fired_at from (values ${values}) as v (rule_id, conversation_id, fired_at)
      where exists (select 1 from automation_rules r where r.id = v.rule_id for key share)
      on conflict (rule_id, conversation_id) do update set fired_at = excluded.fired_at`);
  }
  for (const line of await insertActivity(tx, conv.id, conv.inboxId, lines)) activityIds.push(line.id);

  const changed = effects.conversationChanged || effects.messageIds.length > 0 || activityIds.length > 0;
  if (!changed) return { ...NOTHING, fired };
  const handedTo = conv.assigneeId && conv.assigneeId !== assignedBefore ? conv.assigneeId : undefined;
  const events: RealtimeEvent[] = [{ type: "conversation.updated", conversationId: conv.id, inboxId: conv.inboxId, ...(handedTo ? { assignedTo: handedTo } : {}) }];
  for (const id of [...activityIds, ...effects.messageIds]) events.push({ type: "message.created", conversationId: conv.id, messageId: id, inboxId: conv.inboxId });
  return { events, changed, fired };
}

/** The rules of `trigger.event` in the conversation's inbox, run on it (from the cache: no query when none apply). */
export async function systemRunRules(tx: Tx, conversation: { id: string; inboxId: string }, trigger: Trigger, now = new Date()): Promise<RunResult> {
  const rules = await rulesFor(tx, trigger.event as RuleEvent, conversation.inboxId);
  return systemRunRulesOn(tx, rules, conversation.id, trigger, now);
}

/**
 * For a conversation about to be opened, judged on what the caller knows of it before it is
 * written (its id and number are not used by any condition): whether any rule in scope would run.
 * None: systemRunIngestRules would do nothing, so the caller may decide what comes after the
 * rules (auto-assignment) up front. From the cache: no query.
 */
export async function ingestRulesWouldRun(tx: Tx, opening: Omit<ConversationFacts, "id" | "number">, message: TriggerMessage, now: Date): Promise<boolean> {
  const all = [...(await rulesFor(tx, "conversation.created", opening.inboxId)), ...(await rulesFor(tx, "message.received", opening.inboxId))];
  if (!all.length) return false;
  const trigger: Facts = { now, conversation: { ...opening, id: "", number: 0 }, message, messageId: message.id };
  return all.some((r) => ruleMatches(r, trigger));
}

/**
 * For ingestion: `conversation.created` (when the message opened it) then `message.received`,
 * over one read of the facts. The customer's message is stored whatever the rules do: with rules
 * in scope the run is a savepoint, and an unexpected failure inside it is logged and undone alone
 * (the message stays, unrouted). A database that is gone fails the whole transaction anyway, which
 * answers 503 and is retried. No rules in scope: no query, no savepoint.
 */
export async function systemRunIngestRules(
  tx: Tx,
  conversation: { id: string; inboxId: string },
  message: TriggerMessage,
  opened: boolean,
  now: Date,
  known?: KnownFacts,
): Promise<RunResult> {
  const created = opened ? await rulesFor(tx, "conversation.created", conversation.inboxId) : [];
  const received = await rulesFor(tx, "message.received", conversation.inboxId);
  if (!created.length && !received.length) return NOTHING;
  const all = [...created, ...received];
  let facts: ConversationFacts | undefined;
  let labelsUnread = false;
  if (known) {
    // Labels are read before matching only if a condition asks about them; if only actions change
    // them, they are read once a rule is about to run.
    labelsUnread = known.labelIds === null && !all.some(conditionsUseLabels);
    const labelIds = known.labelIds ?? (labelsUnread ? [] : await labelIdsOf(tx, conversation.id));
    facts = { ...known, labelIds };
    // Nothing matches as things stand: nothing will run (only a rule's change could make a later one match).
    const trigger: Facts = { now, conversation: facts, message, messageId: message.id };
    if (!all.some((r) => ruleMatches(r, trigger))) return NOTHING;
  }
  try {
    return await tx.transaction(async (sp) => {
      facts ??= (await systemConversationFacts(sp, [conversation.id])).get(conversation.id);
      if (!facts) return NOTHING;
      if (labelsUnread && all.some(actionsUseLabels)) facts.labelIds = await labelIdsOf(sp, conversation.id);
      // Actions change `facts` as they go: the second event's rules see what the first one's did.
      const a = await systemRunRulesOn(sp, created, conversation.id, { event: "conversation.created", message }, now, facts);
      const b = await systemRunRulesOn(sp, received, conversation.id, { event: "message.received", message }, now, facts);
      return { events: [...a.events, ...b.events], changed: a.changed || b.changed, fired: a.fired + b.fired };
    });
  } catch (e) {
    if (isDatabaseUnavailable(e)) throw e;
    log.error("automation", `rules on ${conversation.id} failed; the message is stored without them`, e);
    return NOTHING;
  }
}
