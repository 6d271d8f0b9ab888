import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { automationFires, automationRuns, type RuleActionOutcome } from "@/db/schema";
import { insertActivity } from "@/lib/conversations/activity";
import { isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { runAction, type RunEffects } from "./actions";
import { rulesFor, type ActiveRule } from "./cache";
import { ruleMatches, type ConversationFacts, type Facts } from "./conditions";
import { loadConversationFacts } from "./facts";
import type { RuleEvent } from "./rule.schema";

/*
 * Running the rules of one event on one conversation, inside the transaction of whatever
 * triggered it (docs/architecture.md §5.7): the customer's message, a person's change, or the
 * time sweep. What rules change never triggers rules: actions write the rows directly and never
 * call back into this module.
 */

export type Trigger =
  | { event: "conversation.created" | "message.received"; message: { id: string; content: string; subject?: string | null; recipients?: string[] } }
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
  const conv = preloaded ?? (await loadConversationFacts(tx, [conversationId])).get(conversationId);
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
  const activityIds: string[] = [];
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
    for (const [i, action] of rule.actions.entries()) {
      try {
        // A savepoint per action: one failing (a constraint, a vanished row) leaves the others' work standing.
        const done = await tx.transaction((sp) => runAction(sp, rule, action, facts, effects, i));
        outcomes.push(done.outcome);
        if (done.words) words.push(done.words);
        if (done.error) errors.push(done.error);
      } catch (e) {
        log.warn("automation", `rule ${rule.id} action ${action.type} failed`, e);
        outcomes.push({ type: action.type, outcome: "failed", detail: "Unexpected error; the other actions still ran" });
        errors.push(`${action.type} failed unexpectedly`);
      }
    }
    // A savepoint: a rule deleted a moment ago (another instance's cache still ran it) must not undo the message.
    const logged = await tx
      .transaction(async (sp) => {
        await sp.insert(automationRuns).values({
          id: effects.runId,
          ruleId: rule.id,
          conversationId: conv.id,
          event: trigger.event,
          // The run log's time is the wall clock (not the message's own time): lastError compares it with the rule's last save.
          actions: outcomes,
          error: errors.length ? errors.join("; ") : null,
        });
        if (once) {
          await sp
            .insert(automationFires)
            .values({ ruleId: rule.id, conversationId: conv.id, firedAt: now })
            .onConflictDoUpdate({ target: [automationFires.ruleId, automationFires.conversationId], set: { firedAt: now } });
        }
      })
      .then(
        () => true,
        (e) => (log.warn("automation", `run of rule ${rule.id} not logged`, e), false),
      );
    if (!logged) continue;
    if (words.length) {
      const [line] = await insertActivity(tx, conv.id, conv.inboxId, [`Rule "${rule.name}": ${words.join(", ")}`]);
      activityIds.push(line!.id);
    }
    if (rule.stopProcessing) break;
  }

  const changed = effects.conversationChanged || effects.messageIds.length > 0 || activityIds.length > 0;
  if (!changed) return { ...NOTHING, fired };
  const events: RealtimeEvent[] = [{ type: "conversation.updated", conversationId: conv.id, inboxId: conv.inboxId }];
  for (const id of [...activityIds, ...effects.messageIds]) events.push({ type: "message.created", conversationId: conv.id, messageId: id, inboxId: conv.inboxId });
  return { events, changed, fired };
}

/** The rules of `trigger.event` in the conversation's inbox, run on it (from the cache: no query when none apply). */
export async function systemRunRules(tx: Tx, conversation: { id: string; inboxId: string }, trigger: Trigger, now = new Date()): Promise<RunResult> {
  const rules = await rulesFor(tx, trigger.event as RuleEvent, conversation.inboxId);
  return systemRunRulesOn(tx, rules, conversation.id, trigger, now);
}

/**
 * For ingestion: the customer's message is stored whatever the rules do. The run is a savepoint;
 * an unexpected failure inside it is logged and undone alone (the message stays, unrouted). A
 * database that is gone fails the whole transaction anyway, which answers 503 and is retried.
 */
export async function systemRunRulesSafely(tx: Tx, conversation: { id: string; inboxId: string }, trigger: Trigger, now = new Date()): Promise<RunResult> {
  try {
    return await tx.transaction((sp) => systemRunRules(sp, conversation, trigger, now));
  } catch (e) {
    if (isDatabaseUnavailable(e)) throw e;
    log.error("automation", `rules for ${trigger.event} on ${conversation.id} failed; the message is stored without them`, e);
    return NOTHING;
  }
}
