import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { automationRules, inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireAdmin } from "@/lib/access/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound, unprocessable } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { publish } from "@/lib/realtime/bus";
import { randomToken } from "@/lib/security/crypto";
import { parseInput } from "@/lib/validation";
import { invalidateRules } from "./cache";
import { MAX_RULES, reorderInput, ruleInput, rulePatch, type Action, type Condition, type RuleEvent } from "./rule.schema";
import { checkRuleTargets } from "./targets";

const MANAGE = "manage automation rules";

/** A rule as the API shows it; run figures come from its run log (lib/automation/run-log.ts). */
export type RuleView = {
  id: string;
  name: string;
  description: string;
  active: boolean;
  event: RuleEvent;
  inboxIds: string[];
  match: "all" | "any";
  conditions: Condition[];
  actions: Action[];
  stopProcessing: boolean;
  oncePerConversation: boolean;
  position: number;
  runCount: number;
  lastRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  webhookSecret: string;
};

/** What a rule list shows: no conditions, actions or webhook secret travel to the browser for it. */
export function listedRule(v: RuleView) {
  const { id, name, description, active, event, inboxIds, runCount, lastRunAt, lastError } = v;
  return { id, name, description, active, event, inboxIds, runCount, lastRunAt, lastError };
}

const r = automationRules;
// The latest run after the rule was last saved decides lastError: a clean run or a save clears it.
const viewColumns = {
  id: r.id,
  name: r.name,
  description: r.description,
  active: r.active,
  event: r.event,
  inboxIds: r.inboxIds,
  match: r.match,
  conditions: r.conditions,
  actions: r.actions,
  stopProcessing: r.stopProcessing,
  oncePerConversation: r.oncePerConversation,
  position: r.position,
  // Spelt out: inside a subquery Drizzle's bare "id" would name the run's own column.
  runCount: sql<number>`(automation_rules.pruned_runs + (select count(*) from automation_runs x where x.rule_id = automation_rules.id))::int`,
  lastRunAt: sql<Date | null>`(select max(x.at) from automation_runs x where x.rule_id = automation_rules.id)`.mapWith((v) => (v ? new Date(v) : null)),
  lastError: sql<string | null>`(select x.error from automation_runs x where x.rule_id = automation_rules.id and x.at >= automation_rules.saved_at order by x.at desc, x.id desc limit 1)`,
  createdAt: r.createdAt,
  webhookSecret: r.webhookSecret,
};
const runOrder = [asc(r.position), asc(r.createdAt), asc(r.id)];

export async function listRules(db: DbOrTx, actor: Actor): Promise<RuleView[]> {
  requireAdmin(actor, MANAGE);
  return (await db.select(viewColumns).from(r).orderBy(...runOrder)) as RuleView[];
}

/** The rules that run in one inbox: its own and the workspace's, in run order (the inbox's Automation tab). */
export async function listInboxRules(db: DbOrTx, actor: Actor, inboxId: string): Promise<RuleView[]> {
  requireAdmin(actor, MANAGE);
  if (!isUuid(inboxId)) throw notFound("Inbox not found");
  const [inbox] = await db.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.id, inboxId));
  if (!inbox) throw notFound("Inbox not found");
  return (await db
    .select(viewColumns)
    .from(r)
    .where(sql`cardinality(${r.inboxIds}) = 0 or ${inboxId}::uuid = any(${r.inboxIds})`)
    .orderBy(...runOrder)) as RuleView[];
}

export async function getRule(db: DbOrTx, actor: Actor, id: string): Promise<RuleView> {
  requireAdmin(actor, MANAGE);
  if (!isUuid(id)) throw notFound("Rule not found");
  const [rule] = await db.select(viewColumns).from(r).where(eq(r.id, id));
  if (!rule) throw notFound("Rule not found");
  return rule as RuleView;
}

const audit = (tx: DbOrTx, actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
  recordAudit(tx, { actorId: actor.id, action, targetType: "automation_rule", targetId: id, details });

async function announce(db: Db) {
  invalidateRules();
  await publish(db, { type: "automation.changed" });
}

export async function createRule(db: Db, actor: Actor, input: unknown): Promise<RuleView> {
  requireAdmin(actor, MANAGE);
  const data = parseInput(ruleInput, input);
  const id = await db.transaction(async (tx) => {
    // Serialises creation so two admins saving at once cannot pass the limit together.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('automation-rules', 0))`);
    await checkRuleTargets(tx, data);
    const [{ n, last }] = (
      await tx.execute<{ n: number; last: number | null }>(sql`select count(*)::int as n, max(position) as last from automation_rules`)
    ).rows as [{ n: number; last: number | null }];
    if (n >= MAX_RULES) throw unprocessable(`A workspace can have at most ${MAX_RULES} rules; delete one first`);
    const [row] = await tx
      .insert(r)
      .values({ ...data, position: data.position ?? (last ?? 0) + 10, webhookSecret: randomToken(32) })
      .returning({ id: r.id });
    await audit(tx, actor, "automation_rule.created", row!.id, { name: data.name, event: data.event, inboxIds: data.inboxIds });
    return row!.id;
  });
  await announce(db);
  return getRule(db, actor, id);
}

export async function updateRule(db: Db, actor: Actor, id: string, input: unknown): Promise<RuleView> {
  requireAdmin(actor, MANAGE);
  const patch = parseInput(rulePatch, input);
  const before = await getRule(db, actor, id);
  const merged = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as RuleView;
  // The event and the conditions may change separately: the whole result must still be a valid rule.
  parseInput(ruleInput, pick(merged));
  const fields = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
  // Only what names targets is re-checked: an admin can always switch off, rename or move a rule
  // whose team has since left its inbox (its lastError says so).
  const touchesTargets = patch.inboxIds !== undefined || patch.conditions !== undefined || patch.actions !== undefined;
  await db.transaction(async (tx) => {
    if (touchesTargets) await checkRuleTargets(tx, merged);
    const [row] = await tx
      .update(r)
      .set({ ...patch, savedAt: sql`now()` })
      .where(eq(r.id, id))
      .returning({ id: r.id });
    if (!row) throw notFound("Rule not found");
    await audit(tx, actor, "automation_rule.updated", id, { fields });
  });
  await announce(db);
  return getRule(db, actor, id);
}

/** The writable fields of a stored rule, as a create body (for re-validating a PATCH's result). */
function pick(v: RuleView) {
  return {
    name: v.name,
    description: v.description,
    active: v.active,
    event: v.event,
    inboxIds: v.inboxIds,
    match: v.match,
    conditions: v.conditions,
    actions: v.actions,
    stopProcessing: v.stopProcessing,
    oncePerConversation: v.oncePerConversation,
    position: v.position,
  };
}

export async function deleteRule(db: Db, actor: Actor, id: string): Promise<void> {
  const rule = await getRule(db, actor, id);
  await db.transaction(async (tx) => {
    await tx.delete(r).where(eq(r.id, id));
    await audit(tx, actor, "automation_rule.deleted", id, { name: rule.name });
  });
  await announce(db);
}

/** Gives the listed rules positions 10, 20, 30… in the order given; rules not listed keep theirs. */
export async function reorderRules(db: Db, actor: Actor, input: unknown): Promise<RuleView[]> {
  requireAdmin(actor, MANAGE);
  const { ruleIds } = parseInput(reorderInput, input);
  if (new Set(ruleIds).size !== ruleIds.length) throw new AppError("validation", "A rule is listed twice", { ruleIds: ["A rule is listed twice"] });
  await db.transaction(async (tx) => {
    const found = await tx.select({ id: r.id }).from(r).where(inArray(r.id, ruleIds)).for("update");
    if (found.length !== ruleIds.length) throw unprocessable("Some of these rules do not exist", { ruleIds: ["Unknown rule id"] });
    for (const [i, ruleId] of ruleIds.entries()) await tx.update(r).set({ position: (i + 1) * 10 }).where(eq(r.id, ruleId));
    await audit(tx, actor, "automation_rule.reordered", ruleIds[0]!, { ruleIds });
  });
  await announce(db);
  return listRules(db, actor);
}
