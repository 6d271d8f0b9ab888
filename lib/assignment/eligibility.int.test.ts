import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversations, inboxes, users } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { updateConversation } from "@/lib/conversations/update";
import { deactivateAgent } from "@/lib/users/agents";
import { systemTouchPresence } from "./presence";
import { systemServeQueue } from "./queue";

/*
 * Who may receive a conversation, at the moment it is handed out (docs/architecture.md §5.8):
 * membership and the active flag are read by the assigner itself, so losing either takes effect
 * at once; manual assignment counts towards capacity, and unassigning hands the conversation back.
 */
const t = setupTestDb();

async function online(capacity: number | null = null) {
  const a = await t.makeAgent();
  await t.db.update(users).set({ capacity }).where(eq(users.id, a.id));
  await systemTouchPresence(t.db, a.id);
  return a;
}

async function queueOn(inboxId: string) {
  await t.db.update(inboxes).set({ autoAssignment: { enabled: true, mode: "round_robin", capacity: null } }).where(eq(inboxes.id, inboxId));
}

const assigneeOf = async (id: string) => (await t.db.select({ a: conversations.assigneeId }).from(conversations).where(eq(conversations.id, id)))[0]!.a;

describe("eligibility for auto-assignment", () => {
  it("an agent removed from the inbox, or deactivated, gets nothing from the next arrival", async () => {
    const [ana, ben, cai] = [await online(), await online(), await online()];
    const inbox = await t.makeApiInbox({ agentIds: [ana.id, ben.id, cai.id] });
    await queueOn(inbox.id);
    await t.setAgents(inbox.id, [ben.id, cai.id]);
    await deactivateAgent(t.db, await t.admin(), cai.id);
    // Round robin would pick whoever was assigned least recently; only Ben is left to pick.
    for (let i = 0; i < 3; i++) expect(await assigneeOf((await t.incoming(inbox, { contact: `el-${i}` })).conversationId)).toBe(ben.id);
  });

  it("a team's conversation goes only to its members, even when others have room", async () => {
    const [ana, ben] = [await online(), await online()];
    const team = await t.makeTeam({ memberIds: [ben.id] });
    const inbox = await t.makeApiInbox({ agentIds: [ana.id], teamIds: [team.id] });
    const first = await t.incoming(inbox, { contact: "team-1" });
    await t.db.update(conversations).set({ teamId: team.id }).where(eq(conversations.id, first.conversationId));
    await t.db.update(users).set({ availability: "busy" }).where(eq(users.id, ben.id));
    await queueOn(inbox.id);
    expect(await systemServeQueue(t.db, inbox.id)).toBe(0);
    expect(await assigneeOf(first.conversationId)).toBeNull();
    await t.db.update(users).set({ availability: "online" }).where(eq(users.id, ben.id));
    expect(await systemServeQueue(t.db, inbox.id)).toBe(1);
    expect(await assigneeOf(first.conversationId)).toBe(ben.id);
  });

  it("manual assignment counts towards capacity; unassigning hands the conversation back to the queue", async () => {
    const ana = await online(1);
    const admin = await t.admin();
    const inbox = await t.makeApiInbox({ agentIds: [ana.id] });
    const manual = await t.incoming(inbox, { contact: "man-1" });
    await updateConversation(t.db, admin, manual.conversationId, { assigneeId: ana.id });
    await queueOn(inbox.id);
    // Ana is full with the one she was given by hand: the next waits.
    const next = await t.incoming(inbox, { contact: "man-2" });
    expect(await assigneeOf(next.conversationId)).toBeNull();
    // Unassigning the first frees her: the queue hands out the one that waited longest, which is
    // the conversation she was just relieved of (it has waited since its first message).
    await updateConversation(t.db, admin, manual.conversationId, { assigneeId: null });
    expect(await assigneeOf(manual.conversationId)).toBe(ana.id);
    expect(await assigneeOf(next.conversationId)).toBeNull();
    // Resolving it frees her again, for the one still waiting.
    await updateConversation(t.db, actorOf(ana), manual.conversationId, { status: "resolved" });
    expect(await assigneeOf(next.conversationId)).toBe(ana.id);
  });
});
