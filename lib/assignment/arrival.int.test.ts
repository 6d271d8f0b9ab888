import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, messages, users } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { onlineAgents, queueInbox } from "@/e2e/support/assignment";
import { createRule } from "@/lib/automation/rules";

/*
 * Assignment on arrival (docs/architecture.md §5.8). A conversation that a message opens, in an
 * inbox whose queue is on, is written once and already assigned when no rule acts on the arrival;
 * when a rule does, the rule runs on the unassigned conversation first and the queue comes after.
 * Both ways must give the same result a person sees.
 */
const t = setupTestDb();
// Holding an agent's row from a second connection while an arrival runs: on PostgreSQL only (the
// embedded database serialises connections per transaction, so the arrival would wait forever).
const postgres = Boolean(process.env.TEST_DATABASE_URL);

const rowOf = async (id: string) => (await t.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const threadOf = async (id: string) =>
  (await t.db.select({ kind: messages.kind, content: messages.content }).from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.createdAt), asc(messages.id))).map(
    (m) => `${m.kind}: ${m.content}`,
  );

describe("assignment on arrival", () => {
  it("an opening message is assigned at once: the line follows the message, the row holds what the message set", async () => {
    const [agent] = await onlineAgents(t, 1, null);
    const inbox = await queueInbox(t, [agent!.id]);
    const at = new Date(Date.now() - 5_000);
    const c = await t.incoming(inbox, { contact: "open-1", content: "Where is my parcel?", at });
    const row = await rowOf(c.conversationId);
    expect(row).toMatchObject({ assigneeId: agent!.id, status: "open", lastMessagePreview: "Where is my parcel?" });
    expect(row.lastIncomingAt?.getTime()).toBe(at.getTime());
    expect(row.waitingSince?.getTime()).toBe(at.getTime());
    expect(await threadOf(c.conversationId)).toEqual(["incoming: Where is my parcel?", `activity: Assigned to ${agent!.name} (auto-assignment)`]);
    // The next message in it stays with them and writes no second line.
    await t.incoming(inbox, { contact: "open-1", content: "Hello?" });
    expect((await rowOf(c.conversationId)).assigneeId).toBe(agent!.id);
    expect(await threadOf(c.conversationId)).toHaveLength(3);
  });

  it("the same when ingestion is given only the inbox's id (it reads the settings itself)", async () => {
    const [agent] = await onlineAgents(t, 1, null);
    const inbox = await queueInbox(t, [agent!.id]);
    const c = await t.incoming(inbox, { contact: "by-id", content: "Hi", byId: true });
    expect((await rowOf(c.conversationId)).assigneeId).toBe(agent!.id);
    expect(await threadOf(c.conversationId)).toEqual(["incoming: Hi", `activity: Assigned to ${agent!.name} (auto-assignment)`]);
  });

  it("a rule that acts on the arrival runs first, on the unassigned conversation; the queue then respects what it set", async () => {
    const [outsider, member] = await onlineAgents(t, 2, null);
    const team = await t.makeTeam({ memberIds: [member!.id] });
    const inbox = await queueInbox(t, [outsider!.id, member!.id]);
    await t.setTeams(inbox.id, [team.id]);
    const admin = await t.admin();
    // "Nobody has it yet" is true only before the queue assigns: the rule must see it so.
    await createRule(t.db, admin, {
      name: "Unassigned billing to the team",
      event: "conversation.created",
      inboxIds: [inbox.id],
      conditions: [
        { field: "assigneeId", operator: "is_empty" },
        { field: "subject", operator: "is_empty" },
      ],
      actions: [{ type: "assign_team", teamId: team.id }],
    });
    for (let i = 0; i < 3; i++) {
      const c = await t.incoming(inbox, { contact: `rule-${i}` });
      expect(await rowOf(c.conversationId)).toMatchObject({ teamId: team.id, assigneeId: member!.id });
      const thread = await threadOf(c.conversationId);
      expect(thread[0]).toBe("incoming: Hello there");
      expect(thread.at(-1)).toBe(`activity: Assigned to ${member!.name} (auto-assignment)`);
    }
  });

  it("a newcomer does not overtake an older conversation waiting for the same people", async () => {
    const [agent] = await onlineAgents(t, 1, 1);
    const inbox = await queueInbox(t, [agent!.id]);
    const first = await t.incoming(inbox, { contact: "order-1", at: new Date(Date.now() - 60_000) });
    expect((await rowOf(first.conversationId)).assigneeId).toBe(agent!.id);
    const older = await t.incoming(inbox, { contact: "order-2", at: new Date(Date.now() - 30_000) });
    expect((await rowOf(older.conversationId)).assigneeId).toBeNull(); // at capacity
    // Room comes back without anyone serving the queue (a manual capacity change in SQL):
    // the newcomer still queues behind the older one.
    await t.db.update(users).set({ capacity: 2 }).where(eq(users.id, agent!.id));
    const newcomer = await t.incoming(inbox, { contact: "order-3" });
    expect((await rowOf(newcomer.conversationId)).assigneeId).toBeNull();
    expect(await threadOf(newcomer.conversationId)).toEqual(["incoming: Hello there"]);
  });

  it.runIf(postgres)("everyone with room is being assigned at that moment: the opening waits for them, then counts again", async () => {
    const [agent] = await onlineAgents(t, 1, 2);
    const inbox = await queueInbox(t, [agent!.id]);
    type Tx = Parameters<Parameters<typeof t.db.transaction>[0]>[0];
    // Another assigner holds the agent: the opening statement passes over them and opens the
    // conversation unassigned, then waits for them once its message is stored.
    const whileHeld = async (meanwhile: (tx: Tx) => Promise<void>, arrival: () => Promise<{ conversationId: string }>) => {
      let arrived: Promise<{ conversationId: string }> | undefined;
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from users where id = ${agent!.id} for update`);
        arrived = arrival();
        await new Promise((r) => setTimeout(r, 300));
        await meanwhile(tx);
      });
      return arrived!;
    };
    // It lets go with nothing assigned: the count is current, the arrival takes the agent.
    const first = await whileHeld(async () => {}, () => t.incoming(inbox, { contact: "wait-1", content: "First" }));
    expect((await rowOf(first.conversationId)).assigneeId).toBe(agent!.id);
    expect(await threadOf(first.conversationId)).toEqual(["incoming: First", `activity: Assigned to ${agent!.name} (auto-assignment)`]);
    // It gives them their last free slot meanwhile, as the queue writes it: the arrival counts
    // again under the lock, finds them full and leaves the conversation waiting.
    const elsewhere = await t.incoming(await t.makeApiInbox(), { contact: "elsewhere" });
    const second = await whileHeld(
      async (tx) => {
        await tx.update(conversations).set({ assigneeId: agent!.id }).where(eq(conversations.id, elsewhere.conversationId));
        await tx.update(users).set({ lastAssignedAt: sql`clock_timestamp()` }).where(eq(users.id, agent!.id));
      },
      () => t.incoming(inbox, { contact: "wait-2", content: "Second" }),
    );
    expect((await rowOf(second.conversationId)).assigneeId).toBeNull();
    expect(await threadOf(second.conversationId)).toEqual(["incoming: Second"]);
  });

  it("nobody online: the conversation opens unassigned, with no line", async () => {
    const agent = await t.makeAgent();
    const inbox = await queueInbox(t, [agent.id]);
    const c = await t.incoming(inbox, { contact: "nobody" });
    expect((await rowOf(c.conversationId)).assigneeId).toBeNull();
    expect(await threadOf(c.conversationId)).toEqual(["incoming: Hello there"]);
  });
});
