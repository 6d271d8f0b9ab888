import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, automationRules, conversationLabels, conversations, messages } from "@/db/schema";
import { REALTIME_CHANNEL } from "@/lib/realtime/events";
import { activeRules } from "./cache";
import type { Actor } from "@/lib/access/actor";
import { AppError } from "@/lib/errors";
import { createLabel } from "@/lib/labels/labels";
import { publish, subscribe } from "@/lib/realtime/bus";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { createRule, deleteRule, getRule, listInboxRules, listRules, reorderRules, updateRule } from "./rules";
import { MAX_RULES } from "./rule.schema";

const t = setupTestDb();

async function failure(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const refundRule = (extra: Record<string, unknown> = {}) => ({
  name: "Refunds",
  event: "message.received",
  conditions: [{ field: "content", operator: "contains", value: "refund" }],
  actions: [{ type: "set_priority", priority: "high" }],
  ...extra,
});

describe("rule definitions", () => {
  let admin: Actor;
  let agent: Actor;
  beforeAll(async () => {
    admin = await t.admin();
    agent = actorOf(await t.makeAgent({ name: "Ada Agent" }));
  });

  it("creates a rule with defaults, a webhook secret and an audit row; agents get 403", async () => {
    const rule = await createRule(t.db, admin, refundRule());
    expect(rule).toMatchObject({
      name: "Refunds",
      description: "",
      active: true,
      inboxIds: [],
      match: "all",
      stopProcessing: false,
      oncePerConversation: false,
      runCount: 0,
      lastRunAt: null,
      lastError: null,
    });
    expect(rule.webhookSecret).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, rule.id));
    expect(audit).toMatchObject({ action: "automation_rule.created", targetType: "automation_rule" });
    expect((await failure(createRule(t.db, agent, refundRule()))).status).toBe(403);
    expect((await failure(listRules(t.db, agent))).status).toBe(403);
    await deleteRule(t.db, admin, rule.id);
  });

  it("answers 400 naming the field for bad operators, values, event misfits, unknown fields and variables", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [refundRule({ conditions: [{ field: "content", operator: "in", value: ["x"] }] }), "conditions.0.operator"],
      [refundRule({ conditions: [{ field: "priority", operator: "in", value: ["extreme"] }] }), "conditions.0.value.0"],
      [refundRule({ conditions: [{ field: "minutesSinceCreated", operator: "gte", value: "ten" }] }), "conditions.0.value"],
      [refundRule({ event: "conversation.updated" }), "conditions.0.field"],
      [refundRule({ colour: "red" }), "_"],
      [refundRule({ actions: [{ type: "send_message", content: "Hi {{contact.nmae}}" }] }), "actions.0.content"],
      [refundRule({ actions: [{ type: "explode" }] }), "actions.0.type"],
      [refundRule({ actions: [] }), "actions"],
      [refundRule({ conditions: Array.from({ length: 21 }, () => ({ field: "content", operator: "contains", value: "a" })) }), "conditions"],
    ];
    for (const [body, field] of cases) {
      const e = await failure(createRule(t.db, admin, body));
      expect(e.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(e.fieldErrors ?? {}), JSON.stringify(body)).toContain(field);
    }
  });

  it("refuses unknown targets with 422, and for scoped rules a team or agent that does not fit the inbox, naming it", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const e1 = await failure(createRule(t.db, admin, refundRule({ actions: [{ type: "assign_team", teamId: missing }] })));
    expect(e1.status).toBe(422);
    expect(e1.fieldErrors).toHaveProperty(["actions.0.teamId"]);
    const e2 = await failure(createRule(t.db, admin, refundRule({ actions: [{ type: "add_labels", labelIds: [missing] }] })));
    expect(e2.fieldErrors).toHaveProperty(["actions.0.labelIds.0"]);

    const team = await t.makeTeam({ name: "Billing" });
    const outsider = await t.makeAgent({ name: "Otto Outside" });
    const inbox = await t.makeApiInbox({ name: "Shop API" });
    const e3 = await failure(createRule(t.db, admin, refundRule({ inboxIds: [inbox.id], actions: [{ type: "assign_team", teamId: team.id }] })));
    expect(e3.status).toBe(422);
    expect(e3.message).toBe("Team Billing is not assigned to inbox Shop API");
    const e4 = await failure(createRule(t.db, admin, refundRule({ inboxIds: [inbox.id], actions: [{ type: "assign_agent", agentId: outsider.id }] })));
    expect(e4.message).toBe("Otto Outside cannot see inbox Shop API");
    // A scoped rule whose team later leaves its inbox can still be switched off or renamed.
    await t.setTeams(inbox.id, [team.id]);
    const scoped = await createRule(t.db, admin, refundRule({ inboxIds: [inbox.id], actions: [{ type: "assign_team", teamId: team.id }] }));
    await t.setTeams(inbox.id, []);
    expect((await updateRule(t.db, admin, scoped.id, { active: false, name: "Paused" })).active).toBe(false);
    expect((await failure(updateRule(t.db, admin, scoped.id, { actions: scoped.actions }))).status).toBe(422);
    await deleteRule(t.db, admin, scoped.id);
    // A workspace rule may name them: the mismatch is found when it runs.
    const ws = await createRule(t.db, admin, refundRule({ actions: [{ type: "assign_team", teamId: team.id }] }));
    await deleteRule(t.db, admin, ws.id);
  });

  it("patches replace nested values whole, re-check event fit, and list in run order per inbox", async () => {
    const inbox = await t.makeApiInbox();
    const other = await t.makeApiInbox();
    const a = await createRule(t.db, admin, refundRule({ name: "A" }));
    const b = await createRule(t.db, admin, refundRule({ name: "B", inboxIds: [inbox.id] }));
    const c = await createRule(t.db, admin, refundRule({ name: "C", inboxIds: [other.id] }));
    expect(b.position).toBeGreaterThan(a.position);
    expect((await listInboxRules(t.db, admin, inbox.id)).map((r) => r.name)).toEqual(["A", "B"]);
    await reorderRules(t.db, admin, { ruleIds: [b.id, a.id] });
    expect((await listInboxRules(t.db, admin, inbox.id)).map((r) => r.name)).toEqual(["B", "A"]);

    const patched = await updateRule(t.db, admin, a.id, { conditions: [{ field: "subject", operator: "is_present" }] });
    expect(patched.conditions).toEqual([{ field: "subject", operator: "is_present" }]);
    expect(patched.actions).toEqual(a.actions);
    // Content does not fit conversation.updated: the PATCH of the event alone is refused.
    const e = await failure(updateRule(t.db, admin, b.id, { event: "conversation.updated" }));
    expect(e.status).toBe(400);
    expect(e.fieldErrors).toHaveProperty(["conditions.0.field"]);
    expect((await getRule(t.db, admin, b.id)).event).toBe("message.received");
    for (const r of [a, b, c]) await deleteRule(t.db, admin, r.id);
    expect((await failure(getRule(t.db, admin, a.id))).status).toBe(404);
  });

  it("allows at most MAX_RULES rules", async () => {
    const existing = (await listRules(t.db, admin)).length;
    const made = [];
    for (let i = existing; i < MAX_RULES; i++) made.push(await createRule(t.db, admin, refundRule({ name: `R${i}`, active: false })));
    const e = await failure(createRule(t.db, admin, refundRule()));
    expect(e.status).toBe(422);
    for (const r of made) await deleteRule(t.db, admin, r.id);
  });
});

describe("the rules cache", () => {
  it("serves rules from memory and drops them when another instance announces a change", async () => {
    const admin = await t.admin();
    const seed = await createRule(t.db, admin, { ...refundRule(), name: "Cached" });
    const before = await activeRules(t.db);
    expect(before.map((r) => r.id)).toContain(seed.id);
    // A row written behind the cache's back (as another instance would) is not seen…
    const [other] = await t.db
      .insert(automationRules)
      .values({ name: "Elsewhere", event: "message.received", actions: [{ type: "unassign" }], webhookSecret: "x" })
      .returning({ id: automationRules.id });
    try {
      expect((await activeRules(t.db)).map((r) => r.id)).not.toContain(other!.id);
      // …until that instance's automation.changed arrives: through PostgreSQL, or on the embedded
      // database (one process only) through the in-process bus.
      // Announced again on each look: this worker's LISTEN connection may still be reconnecting after the previous file.
      const announce = () =>
        process.env.KONVERSIO_EMBEDDED_DB
          ? publish(t.db, { type: "automation.changed" })
          : t.db.execute(sql`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify({ type: "automation.changed" })})`);
      await expect
        .poll(async () => (await announce(), await new Promise((r) => setTimeout(r, 100)), (await activeRules(t.db)).map((r) => r.id)), { timeout: 10_000 })
        .toContain(other!.id);
    } finally {
      await deleteRule(t.db, admin, other!.id);
      await deleteRule(t.db, admin, seed.id);
    }
  });
});

describe("rules in ingestion", () => {
  it("routes a refund message in the ingest transaction: team, label, priority and one activity line", async () => {
    const admin = await t.admin();
    const billingAgent = await t.makeAgent({ name: "Bea Billing" });
    const team = await t.makeTeam({ name: "Billing desk", memberIds: [billingAgent.id] });
    const inbox = await t.makeApiInbox({ name: "Refund API", teamIds: [team.id] });
    const label = await createLabel(t.db, admin, { name: "Refund", color: "#cc3344" });
    const rule = await createRule(t.db, admin, {
      name: "Refunds",
      event: "message.received",
      inboxIds: [inbox.id],
      conditions: [{ field: "content", operator: "contains", value: "REFUND" }],
      actions: [
        { type: "assign_team", teamId: team.id },
        { type: "add_labels", labelIds: [label.id] },
        { type: "set_priority", priority: "high" },
      ],
    });
    const hit = await t.incoming(inbox, { contact: "c-refund", content: "I want a refund please" });
    const miss = await t.incoming(inbox, { contact: "c-other", content: "Where is my parcel?" });
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, hit.conversationId));
    expect(conv).toMatchObject({ teamId: team.id, priority: "high" });
    expect(await t.db.select().from(conversationLabels).where(eq(conversationLabels.conversationId, hit.conversationId))).toHaveLength(1);
    const lines = (await t.db.select().from(messages).where(eq(messages.conversationId, hit.conversationId))).filter((m) => m.kind === "activity");
    expect(lines.map((l) => l.content)).toEqual(['Rule "Refunds": team Billing desk, label Refund, priority high']);
    const [other] = await t.db.select().from(conversations).where(eq(conversations.id, miss.conversationId));
    expect(other).toMatchObject({ teamId: null, priority: "none" });
    const after = await getRule(t.db, admin, rule.id);
    expect(after).toMatchObject({ runCount: 1, lastError: null });
    expect(after.lastRunAt).toBeInstanceOf(Date);
    await deleteRule(t.db, admin, rule.id);
  });

  it("the realtime stream announces the conversation once, already routed", async () => {
    const admin = await t.admin();
    const team = await t.makeTeam({ name: "Realtime billing" });
    const inbox = await t.makeApiInbox({ teamIds: [team.id] });
    const rule = await createRule(t.db, admin, {
      name: "Route live",
      event: "conversation.created",
      actions: [{ type: "assign_team", teamId: team.id }, { type: "set_priority", priority: "urgent" }],
    });
    const seen: { type: string; teamId: string | null | undefined; priority: string | undefined }[] = [];
    const reads: Promise<void>[] = [];
    const stop = await subscribe((e) => {
      if (!("conversationId" in e) || e.inboxId !== inbox.id || !e.type.startsWith("conversation.")) return;
      // What a client refetching on this event would see.
      reads.push(
        t.db
          .select({ teamId: conversations.teamId, priority: conversations.priority })
          .from(conversations)
          .where(eq(conversations.id, e.conversationId))
          .then(([c]) => void seen.push({ type: e.type, teamId: c?.teamId, priority: c?.priority })),
      );
    });
    try {
      await t.incoming(inbox, { contact: "rt-1" });
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all(reads);
    } finally {
      stop();
    }
    expect(seen).toEqual([{ type: "conversation.created", teamId: team.id, priority: "urgent" }]);
    await deleteRule(t.db, admin, rule.id);
  });
});
