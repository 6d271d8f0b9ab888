import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, inboxes, messages, users } from "@/db/schema";
import { updateConversation } from "@/lib/conversations/update";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { systemTouchPresence } from "./presence";
import { systemServeQueue } from "./queue";
import { systemQueueOf } from "./queue-view";
import { createRule, deleteRule, getRule } from "@/lib/automation/rules";
import type { AutoAssignment } from "./settings.schema";
import { onlineAgents as sharedOnlineAgents, queueInbox as sharedQueueInbox } from "@/e2e/support/assignment";

const t = setupTestDb();

const onlineAgents = (n: number, capacity: number | null) => sharedOnlineAgents(t, n, capacity);
const queueInbox = (agentIds: string[], settings: Partial<AutoAssignment> = {}) => sharedQueueInbox(t, agentIds, settings);

/** Switches the queue on after conversations arrived, so serving (not arrival) hands them out. */
const enable = (inboxId: string) =>
  t.db.update(inboxes).set({ autoAssignment: sql`jsonb_set(${inboxes.autoAssignment}, '{enabled}', 'true')` }).where(eq(inboxes.id, inboxId));

const countsOf = async (inboxId: string) => {
  const rows = await t.db.select({ a: conversations.assigneeId }).from(conversations).where(eq(conversations.inboxId, inboxId));
  const counts = new Map<string | null, number>();
  for (const r of rows) counts.set(r.a, (counts.get(r.a) ?? 0) + 1);
  return counts;
};

describe("the assignment queue", () => {
  it("60 waiting, 3 online agents with capacity 5, two servers at once: exactly 5 each, 45 waiting in order", async () => {
    const agents = await onlineAgents(3, 5);
    const inbox = await queueInbox(agents.map((a) => a.id), { enabled: false });
    const start = Date.now() - 3600_000;
    for (let i = 0; i < 60; i++) await t.incoming(inbox, { contact: `q-${i}`, at: new Date(start + i * 1000) });
    await enable(inbox.id);
    const [a, b] = await Promise.all([systemServeQueue(t.db, inbox.id), systemServeQueue(t.db, inbox.id)]);
    expect(a + b).toBe(15);
    const counts = await countsOf(inbox.id);
    for (const agent of agents) expect(counts.get(agent.id)).toBe(5);
    expect(counts.get(null)).toBe(45);
    // The first 15 to arrive were the ones handed out.
    const assigned = await t.db
      .select({ at: conversations.waitingSince })
      .from(conversations)
      .where(sql`${conversations.inboxId} = ${inbox.id} and ${conversations.assigneeId} is not null`);
    expect(Math.max(...assigned.map((r) => r.at!.getTime()))).toBe(start + 14_000);
    const queue = await systemQueueOf(t.db, inbox.id, { enabled: true, mode: "balanced", capacity: null });
    expect(queue.data).toHaveLength(45);
    expect(queue.reason).toBe("all_at_capacity");
    expect(new Date(queue.data[0]!.waitingSince).getTime()).toBe(start + 15_000);

    // Capacity frees: the agent resolving one is handed exactly the oldest waiting one.
    const [one] = await t.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.assigneeId, agents[0]!.id)).limit(1);
    await updateConversation(t.db, actorOf(agents[0]!), one!.id, { status: "resolved" });
    const [next] = await t.db.select().from(conversations).where(sql`${conversations.inboxId} = ${inbox.id} and ${conversations.waitingSince} = ${new Date(start + 15_000).toISOString()}::timestamptz`);
    expect(next!.assigneeId).toBe(agents[0]!.id);
  });

  it("30 arriving at once: capacities hold (agent's and inbox's), and messages into waiting ones change nothing", async () => {
    const agents = await onlineAgents(3, 4);
    const inbox = await queueInbox(agents.map((a) => a.id));
    await Promise.all(Array.from({ length: 30 }, (_, i) => t.incoming(inbox, { contact: `burst-${i}` })));
    let counts = await countsOf(inbox.id);
    for (const agent of agents) expect(counts.get(agent.id)).toBe(4);
    expect(counts.get(null)).toBe(18);
    // Everyone is at capacity: the customers writing again find nobody, and nobody goes over.
    await Promise.all(Array.from({ length: 30 }, (_, i) => t.incoming(inbox, { contact: `burst-${i}` })));
    counts = await countsOf(inbox.id);
    for (const agent of agents) expect(counts.get(agent.id)).toBe(4);

    const free = await onlineAgents(3, null);
    const capped = await queueInbox(free.map((a) => a.id), { capacity: 2 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.incoming(capped, { contact: `cap-${i}` })));
    counts = await countsOf(capped.id);
    for (const agent of free) expect(counts.get(agent.id)).toBe(2);
    expect(counts.get(null)).toBe(4);
  });

  it("a conversation whose team has nobody free stays first in line; the one behind it is served", async () => {
    const [member, other] = await onlineAgents(2, 1);
    const team = await t.makeTeam({ memberIds: [member!.id] });
    const inbox = await queueInbox([member!.id, other!.id], { enabled: false });
    const start = Date.now() - 3600_000;
    const busy = await t.incoming(inbox, { contact: "t-busy", at: new Date(start) });
    const teamed = await t.incoming(inbox, { contact: "t-team", at: new Date(start + 1000) });
    const plain = await t.incoming(inbox, { contact: "t-plain", at: new Date(start + 2000) });
    await t.db.update(conversations).set({ assigneeId: member!.id }).where(eq(conversations.id, busy.conversationId));
    await t.db.update(conversations).set({ teamId: team.id }).where(eq(conversations.id, teamed.conversationId));
    await enable(inbox.id);
    expect(await systemServeQueue(t.db, inbox.id)).toBe(1);
    const assignee = async (id: string) => (await t.db.select({ a: conversations.assigneeId }).from(conversations).where(eq(conversations.id, id)))[0]!.a;
    expect(await assignee(plain.conversationId)).toBe(other!.id);
    expect(await assignee(teamed.conversationId)).toBeNull();
    expect((await systemQueueOf(t.db, inbox.id, { enabled: true, mode: "balanced", capacity: null })).data.map((d) => d.conversationId)).toEqual([teamed.conversationId]);
    // The team's member frees their slot: the team's conversation is theirs.
    await updateConversation(t.db, actorOf(member!), busy.conversationId, { status: "resolved" });
    expect(await assignee(teamed.conversationId)).toBe(member!.id);
  });

  it("balanced keeps counts within 1; round robin cycles; priority goes first", async () => {
    const agents = await onlineAgents(3, null);
    const balanced = await queueInbox(agents.map((a) => a.id));
    // Handed out on arrival, one by one.
    for (let i = 0; i < 30; i++) await t.incoming(balanced, { contact: `b-${i}` });
    expect((await countsOf(balanced.id)).get(null)).toBeUndefined();
    const counts = [...(await countsOf(balanced.id)).values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);

    const rr = await queueInbox(agents.map((a) => a.id), { mode: "round_robin" });
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await t.incoming(rr, { contact: `rr-${i}` });
      order.push((await t.db.select({ a: conversations.assigneeId }).from(conversations).where(eq(conversations.id, c.conversationId)))[0]!.a!);
    }
    expect(order.slice(3)).toEqual(order.slice(0, 3));
    expect(new Set(order.slice(0, 3)).size).toBe(3);

    const solo = await onlineAgents(1, 1);
    const prio = await queueInbox([solo[0]!.id], { enabled: false });
    const low = await t.incoming(prio, { contact: "p-low", at: new Date(Date.now() - 60_000) });
    const urgent = await t.incoming(prio, { contact: "p-urgent" });
    await t.db.update(conversations).set({ priority: "urgent" }).where(eq(conversations.id, urgent.conversationId));
    await enable(prio.id);
    expect(await systemServeQueue(t.db, prio.id)).toBe(1);
    const rows = await t.db.select({ id: conversations.id, a: conversations.assigneeId }).from(conversations).where(inArray(conversations.id, [low.conversationId, urgent.conversationId]));
    expect(rows.find((r) => r.id === urgent.conversationId)!.a).toBe(solo[0]!.id);
    expect(rows.find((r) => r.id === low.conversationId)!.a).toBeNull();
  });

  it("busy or away agents get nothing; the queue says nobody is online", async () => {
    const [busy, away] = await onlineAgents(2, null);
    await t.db.update(users).set({ availability: "busy" }).where(eq(users.id, busy!.id));
    await t.db.update(users).set({ streamSeenAt: new Date(Date.now() - 3 * 60_000) }).where(eq(users.id, away!.id));
    const inbox = await queueInbox([busy!.id, away!.id]);
    await t.incoming(inbox, { contact: "nobody-1" });
    expect((await countsOf(inbox.id)).get(null)).toBe(1);
    expect(await systemServeQueue(t.db, inbox.id)).toBe(0);
    expect((await systemQueueOf(t.db, inbox.id, { enabled: true, mode: "balanced", capacity: null })).reason).toBe("no_agents_online");
    // Coming back online (a stream renews presence) makes them eligible.
    expect((await systemTouchPresence(t.db, away!.id)).cameOnline).toBe(true);
    expect(await systemServeQueue(t.db, inbox.id)).toBe(1);
    // Away again, the customer writes: back to the queue, with nobody to take it.
    await t.db.update(users).set({ streamSeenAt: new Date(Date.now() - 3 * 60_000) }).where(eq(users.id, away!.id));
    const [c] = await t.db.select().from(conversations).where(eq(conversations.inboxId, inbox.id));
    expect(c!.assigneeId).toBe(away!.id);
    await t.incoming(inbox, { contact: "nobody-1" });
    const [after] = await t.db.select().from(conversations).where(eq(conversations.id, c!.id));
    expect(after!.assigneeId).toBeNull();
    const lines = await t.db.select({ content: messages.content }).from(messages).where(and(eq(messages.conversationId, c!.id), eq(messages.kind, "activity")));
    expect(lines.map((l) => l.content)).toContain(`Back in the queue: ${away!.name} is away`);
  });

  it("the auto_assign rule action assigns by the inbox's mode even with its queue off, and says why when it cannot", async () => {
    const admin = await t.admin();
    const [agent] = await onlineAgents(1, null);
    const inbox = await t.makeApiInbox({ agentIds: [agent!.id] });
    const rule = await createRule(t.db, admin, { name: "Hand out", event: "conversation.created", inboxIds: [inbox.id], actions: [{ type: "auto_assign" }] });
    const c = await t.incoming(inbox, { contact: "aa-1" });
    expect((await t.db.select().from(conversations).where(eq(conversations.id, c.conversationId)))[0]!.assigneeId).toBe(agent!.id);
    await t.db.update(users).set({ availability: "busy" }).where(eq(users.id, agent!.id));
    const d = await t.incoming(inbox, { contact: "aa-2" });
    expect((await t.db.select().from(conversations).where(eq(conversations.id, d.conversationId)))[0]!.assigneeId).toBeNull();
    expect((await getRule(t.db, admin, rule.id)).lastError).toMatch(/^Not assigned: nobody who may take it is online, and auto-assignment is off for inbox /);
    await deleteRule(t.db, admin, rule.id);
  });

  it("on arrival, a newcomer never overtakes someone waiting for the same people; another team's wait does not hold it", async () => {
    const [ana, ben] = await onlineAgents(2, 1);
    const sales = await t.makeTeam({ memberIds: [ana!.id] });
    const inbox = await queueInbox([ana!.id, ben!.id]);
    // Both agents full.
    await t.incoming(inbox, { contact: "full-1" });
    await t.incoming(inbox, { contact: "full-2" });
    const older = await t.incoming(inbox, { contact: "older", at: new Date(Date.now() - 60_000) });
    expect((await countsOf(inbox.id)).get(null)).toBe(1);
    // Ben frees up at the very moment a newcomer arrives: the newcomer waits behind the older one…
    await t.db.update(users).set({ capacity: 2 }).where(eq(users.id, ben!.id));
    const newcomer = await t.incoming(inbox, { contact: "newcomer" });
    const state = async (id: string) => (await t.db.select({ a: conversations.assigneeId }).from(conversations).where(eq(conversations.id, id)))[0]!.a;
    expect(await state(newcomer.conversationId)).toBeNull();
    // …and serving hands out the older one first.
    expect(await systemServeQueue(t.db, inbox.id)).toBe(1);
    expect(await state(older.conversationId)).toBe(ben!.id);
    expect(await state(newcomer.conversationId)).toBeNull();

    // A Sales conversation waits (Ana is full); a team-less newcomer still goes to Ben, who has room.
    await t.db.update(users).set({ capacity: 5 }).where(eq(users.id, ben!.id));
    await systemServeQueue(t.db, inbox.id); // the earlier newcomer
    const salesWait = await t.incoming(inbox, { contact: "sales-1", at: new Date(Date.now() - 30_000) });
    await t.db.update(conversations).set({ teamId: sales.id, assigneeId: null }).where(eq(conversations.id, salesWait.conversationId));
    const free = await t.incoming(inbox, { contact: "teamless" });
    expect(await state(free.conversationId)).toBe(ben!.id);
    expect(await state(salesWait.conversationId)).toBeNull();
    const queue = await systemQueueOf(t.db, inbox.id, { enabled: true, mode: "balanced", capacity: null });
    // The oldest waits for Sales, whose only member is full, while the inbox as a whole has room.
    expect(queue).toMatchObject({ waiting: 1, reason: "all_at_capacity", team: { id: sales.id } });
  });

  it("the workspace queue lists the visible inboxes that have someone waiting, with the reason", async () => {
    const [agent] = await onlineAgents(1, null);
    await t.db.update(users).set({ availability: "busy" }).where(eq(users.id, agent!.id));
    const inbox = await queueInbox([agent!.id]);
    const other = await queueInbox([]);
    const at = new Date(Date.now() - 5 * 60_000);
    await t.incoming(inbox, { contact: "wq-1", at });
    await t.incoming(inbox, { contact: "wq-2" });
    await t.incoming(other, { contact: "wq-3" });
    const { workspaceQueue } = await import("./queue-view");
    const mine = await workspaceQueue(t.db, actorOf(agent!));
    expect(mine.data).toEqual([{ inboxId: inbox.id, inboxName: inbox.name, waiting: 2, oldestWaitingSince: at.toISOString(), reason: "no_agents_online", team: null }]);
    const admin = await t.admin();
    expect((await workspaceQueue(t.db, admin, other.id)).data).toMatchObject([{ inboxId: other.id, waiting: 1, reason: "no_agents_online" }]);
    expect((await workspaceQueue(t.db, actorOf(agent!), other.id).catch((e) => e)).status).toBe(404);
    expect((await workspaceQueue(t.db, admin, "nope").catch((e) => e)).status).toBe(404);
  });
});
