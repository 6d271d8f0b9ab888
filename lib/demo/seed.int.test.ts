import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversations, inboxes, messages } from "@/db/schema";
import { loadActor, type Actor } from "@/lib/access/actor";
import { userCanSeeInbox } from "@/lib/access/visibility";
import { checkCredentials } from "@/lib/auth/credentials";
import { listConversations } from "@/lib/conversations/list";
import { listMessages } from "@/lib/conversations/messages";
import { AppError } from "@/lib/errors";
import { listInboxes } from "@/lib/inboxes/queries";
import { setupTestDb } from "@/e2e/support/db";
import { DEMO_AGENTS, DEMO_PASSWORD } from "./data";
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
