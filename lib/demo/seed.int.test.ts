import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversationLabels, conversations, inboxes, labels, messages } from "@/db/schema";
import { loadActor, type Actor } from "@/lib/access/actor";
import { userCanSeeInbox } from "@/lib/access/visibility";
import { checkCredentials } from "@/lib/auth/credentials";
import { listConversations } from "@/lib/conversations/list";
import { listMessages } from "@/lib/conversations/messages";
import { AppError } from "@/lib/errors";
import { listInboxes } from "@/lib/inboxes/queries";
import { listRules } from "@/lib/automation/rules";
import { listRuns } from "@/lib/automation/runs";
import { setupTestDb } from "@/e2e/support/db";
import { DEMO_AGENTS, DEMO_LABELS, DEMO_PASSWORD } from "./data";
import { seedDemo, type DemoSummary } from "./seed";

const t = setupTestDb();

describe("seedDemo", () => {
  let admin: Actor;
  let summary: DemoSummary;

  beforeAll(async () => {
    admin = await t.admin();
    summary = await seedDemo(t.db, { adminId: admin.id });
  });

  it("creates three api inboxes, five agents, two teams and ~25 conversations in every status", async () => {
    expect(summary.inboxes).toEqual(["Acme Web Chat API", "Mobile app", "Partners API"]);
    expect(summary.agents.map((a) => a.email).sort()).toEqual(Object.values(DEMO_AGENTS).map((a) => a.email).sort());
    expect(summary.teams).toEqual(["Billing", "Sales"]);
    const rows = await t.db.select({ status: conversations.status, n: sql<number>`count(*)::int` }).from(conversations).groupBy(conversations.status);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(byStatus).toEqual(summary.conversations);
    for (const s of ["open", "pending", "snoozed", "resolved"]) expect(byStatus[s], s).toBeGreaterThan(0);
    expect(rows.reduce((a, r) => a + r.n, 0)).toBeGreaterThanOrEqual(20);
    expect((await t.db.select().from(inboxes)).every((i) => i.channelType === "api")).toBe(true);
  });

  it("has assigned and unassigned conversations, replies marked sent, private notes and activity lines", async () => {
    const all = await t.db.select().from(conversations);
    expect(all.some((c) => c.assigneeId)).toBe(true);
    expect(all.some((c) => !c.assigneeId)).toBe(true);
    const msgs = await t.db.select().from(messages);
    expect(msgs.filter((m) => m.kind === "outgoing" && !m.private).every((m) => m.status === "sent")).toBe(true);
    expect(msgs.some((m) => m.private && m.status === null)).toBe(true);
    expect(msgs.some((m) => m.kind === "activity")).toBe(true);
    // Spread over the last days, nothing in the future.
    const times = msgs.map((m) => m.createdAt.getTime());
    expect(Math.min(...times)).toBeLessThan(Date.now() - 3 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now() + 1000);
    for (const c of all) expect(c.createdAt.getTime()).toBeLessThanOrEqual(c.lastActivityAt.getTime());
  });

  it("keeps every assignment within the visibility rule and threads in order", async () => {
    for (const c of await t.db.select().from(conversations)) {
      if (c.assigneeId) expect(await userCanSeeInbox(t.db, c.assigneeId, c.inboxId)).toBe(true);
      const thread = await listMessages(t.db, admin, c.id);
      expect(thread[0]!.kind).toBe("incoming");
      const times = thread.map((m) => m.createdAt);
      expect([...times].sort()).toEqual(times);
    }
  });

  it("lets demo agents sign in with the demo password and see only their inboxes", async () => {
    const login = await checkCredentials(t.db, { email: DEMO_AGENTS.david.email, password: DEMO_PASSWORD }, "127.0.0.1");
    const david = (await loadActor(t.db, login.id))!;
    expect((await listInboxes(t.db, david)).map((i) => i.name).sort()).toEqual(["Mobile app", "Partners API"]);
    const list = await listConversations(t.db, david, { status: "all", limit: 100 });
    expect(list.data.every((c) => c.inbox.name !== "Acme Web Chat API")).toBe(true);
    expect(list.counts.mine).toBeGreaterThan(0);
  });

  it("adds labels, business hours on the web chat and three rules that already ran on the demo's arrivals", async () => {
    expect(summary.labels).toEqual(Object.values(DEMO_LABELS).map((l) => l.name));
    const inboxRows = await t.db.select().from(inboxes);
    const web = inboxRows.find((i) => i.name === "Acme Web Chat API")!;
    expect((web.businessHours as { timezone: string }).timezone).toBe("Europe/Berlin");
    expect(inboxRows.filter((i) => i.businessHours).map((i) => i.name)).toEqual(["Acme Web Chat API"]);

    const rules = await listRules(t.db, admin);
    expect(rules.map((r) => [r.name, r.event, r.active])).toEqual([
      ["Refunds", "message.received", true],
      ["VIP customers", "conversation.created", true],
      ["Close quiet pending", "time", true],
    ]);
    expect(summary.rules).toEqual(rules.map((r) => r.name));
    const refunds = rules[0]!;
    expect(refunds.inboxIds.sort()).toEqual(inboxRows.filter((i) => i.name !== "Partners API").map((i) => i.id).sort());
    expect(rules.every((r) => r.lastError === null)).toBe(true);

    // Noah asked for a refund in the mobile app: the rule gave it to Billing with the Refund label, and says so in the thread.
    const labelled = await t.db
      .select({ conversationId: conversationLabels.conversationId, name: labels.name })
      .from(conversationLabels)
      .innerJoin(labels, eq(labels.id, conversationLabels.labelId));
    const refunded = labelled.filter((l) => l.name === "Refund").map((l) => l.conversationId);
    expect(refunded).toHaveLength(1);
    const runs = await listRuns(t.db, admin, refunds.id);
    expect(runs.map((r) => r.conversationId)).toEqual(refunded);
    expect(runs[0]!.actions.map((a) => [a.type, a.outcome])).toEqual([["assign_team", "done"], ["add_labels", "done"]]);
    const thread = await listMessages(t.db, admin, refunded[0]!);
    const line = thread.findIndex((m) => m.kind === "activity" && m.content.startsWith('Rule "Refunds"'));
    expect(line, "the rule's activity line sits right after the customer's message").toBe(1);

    // Partner accounts (northwind, globex) were labelled VIP on arrival; agents' own labels sit beside the rules'.
    const vip = rules[1]!;
    expect((await listRuns(t.db, admin, vip.id)).length).toBeGreaterThan(0);
    expect(labelled.filter((l) => l.name === "VIP").length).toBe((await listRuns(t.db, admin, vip.id)).length);
    expect(labelled.some((l) => l.name === "Bug")).toBe(true);
    expect(labelled.some((l) => l.name === "Feature request")).toBe(true);
  });

  it("keeps the story's reply times, so time rules read them", async () => {
    const pending = await t.db.select().from(conversations).where(eq(conversations.status, "pending"));
    expect(pending.length).toBeGreaterThan(0);
    for (const c of pending) {
      expect(c.lastOutgoingAt, `#${c.number}`).not.toBeNull();
      expect(c.lastOutgoingAt!.getTime()).toBeLessThan(Date.now() - 3_600_000);
    }
  });

  it("refuses to run again once the workspace has inboxes, changing nothing", async () => {
    const [before] = await t.db.select({ n: sql<number>`count(*)::int` }).from(conversations);
    const e = await seedDemo(t.db, { adminId: admin.id }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("conflict");
    expect((e as AppError).message).toMatch(/already has inboxes/);
    const [after] = await t.db.select({ n: sql<number>`count(*)::int` }).from(conversations);
    expect(after!.n).toBe(before!.n);
  });

  it("requires an active administrator", async () => {
    const agent = await t.makeAgent();
    const e = await seedDemo(t.db, { adminId: agent.id }).catch((err: unknown) => err);
    expect((e as AppError).code).toBe("forbidden");
  });
});
