import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { activeRules, type ActiveRule } from "./cache";
import { ruleMatches } from "./conditions";
import { systemRunRulesOn } from "./engine";
import { systemConversationFacts } from "./facts";

/*
 * Time rules (`event: "time"`), run by a pg-boss schedule about once a minute. pg-boss starts one
 * scheduled job per minute across all instances and the queue is stately (one sweep at a time);
 * each conversation is fired on under its row lock with the rule's fire record checked again, so
 * even two sweeps at once never fire a rule twice. The candidates come from indexed queries in
 * pages, narrowed in SQL by the rule's time and status conditions; nothing loads every conversation.
 */

const PAGE = 200;
const NOT_RESOLVED = sql`c.status in ('open', 'pending', 'snoozed')`;
const KEEP_RUNS = 100;

/** SQL that every conversation matching the rule must satisfy (a superset is fine: conditions are checked again in full). */
function prefilter(rule: ActiveRule, now: Date): SQL[] {
  const out: SQL[] = [];
  if (rule.inboxIds.length) out.push(sql`c.inbox_id = any(${`{${rule.inboxIds.join(",")}}`}::uuid[])`);
  if (rule.match !== "all") return out;
  const at = now.toISOString();
  const columns: Record<string, SQL> = {
    minutesSinceLastIncoming: sql`c.last_incoming_at`,
    minutesSinceLastOutgoing: sql`c.last_outgoing_at`,
    minutesSinceCreated: sql`c.created_at`,
  };
  for (const c of rule.conditions) {
    const column = columns[c.field];
    if (column && typeof c.value === "number") {
      // "at least n minutes" ⇔ the moment is at or before now − n (minutes are counted down, as conditions.ts does).
      const edge = sql`${at}::timestamptz - make_interval(mins => ${c.value}::int)`;
      out.push(c.operator === "gte" ? sql`${column} <= ${edge}` : sql`${column} > ${edge} - interval '1 minute'`);
    }
    if (c.field === "status" && c.operator === "in" && Array.isArray(c.value)) {
      out.push(sql`c.status = any(${`{${(c.value as string[]).join(",")}}`}::text[])`);
    }
  }
  return out;
}

async function candidates(db: Db, rule: ActiveRule, now: Date, after: string): Promise<string[]> {
  // Fired already and nothing new since (or once per conversation): not a candidate.
  const fired = rule.oncePerConversation
    ? sql`true`
    : sql`f.fired_at >= coalesce(greatest(c.last_incoming_at, c.last_person_message_at), '-infinity'::timestamptz)`;
  const where = sql.join([NOT_RESOLVED, sql`c.id > ${after}::uuid`, ...prefilter(rule, now)], sql` and `);
  const { rows } = await db.execute<{ id: string }>(sql`
    select c.id from conversations c
    where ${where}
      and not exists (select 1 from automation_fires f where f.rule_id = ${rule.id} and f.conversation_id = c.id and ${fired})
    order by c.id
    limit ${PAGE}`);
  return rows.map((r) => r.id);
}

/** One sweep over every active time rule; returns how many rule runs fired. */
export async function systemSweepTimeRules(db: Db, now = new Date()): Promise<number> {
  const rules = (await activeRules(db)).filter((r) => r.event === "time");
  let fired = 0;
  // A rule with stopProcessing that fired on a conversation ends that conversation's time run.
  const stopped = new Set<string>();
  for (const rule of rules) {
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const ids = await candidates(db, rule, now, after);
      if (!ids.length) break;
      after = ids[ids.length - 1]!;
      const facts = await systemConversationFacts(db, ids.filter((id) => !stopped.has(id)));
      for (const [id, conv] of facts) {
        if (!ruleMatches(rule, { now, conversation: conv })) continue;
        try {
          const events: RealtimeEvent[] = [];
          const ran = await db.transaction(async (tx) => {
            // Another sweep, or a person, has it: it is looked at again next minute.
            const { rows } = await tx.execute(sql`select c.id from conversations c where c.id = ${id} and ${NOT_RESOLVED} for update skip locked`);
            if (!rows.length) return false;
            const fresh = (await systemConversationFacts(tx, [id])).get(id);
            if (!fresh) return false;
            const result = await systemRunRulesOn(tx, [rule], id, { event: "time" }, now, fresh);
            events.push(...result.events);
            return result.fired > 0;
          });
          if (ran) {
            fired++;
            if (rule.stopProcessing) stopped.add(id);
          }
          await publish(db, ...events);
        } catch (e) {
          log.warn("automation", `time rule ${rule.id} on ${id} failed`, e);
        }
      }
      if (ids.length < PAGE) break;
    }
  }
  await pruneRuns(db);
  return fired;
}

/** Keeps the last 100 runs of each rule; the rest are counted into the rule's runCount and removed. */
export async function pruneRuns(db: Db): Promise<void> {
  await db.execute(sql`
    with doomed as (
      select id, rule_id from (
        select id, rule_id, row_number() over (partition by rule_id order by at desc, id desc) as n from automation_runs
      ) ranked where n > ${KEEP_RUNS}
    ), removed as (
      delete from automation_runs r using doomed d where r.id = d.id returning d.rule_id
    )
    update automation_rules set pruned_runs = pruned_runs + counted.n
    from (select rule_id, count(*)::int as n from removed group by rule_id) counted
    where automation_rules.id = counted.rule_id`);
}
