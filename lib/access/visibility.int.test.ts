import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversations } from "@/db/schema";
import { otherConversationsOfContact, getConversation } from "@/lib/conversations/detail";
import { listConversations } from "@/lib/conversations/list";
import { listMessages } from "@/lib/conversations/messages";
import { createMessage } from "@/lib/conversations/reply";
import { updateConversation } from "@/lib/conversations/update";
import { AppError } from "@/lib/errors";
import { deleteInbox } from "@/lib/inboxes/delete";
import { getInbox, listInboxes } from "@/lib/inboxes/queries";
import { publish } from "@/lib/realtime/bus";
import { eventStream } from "@/lib/realtime/stream";
import { setTeamMembers } from "@/lib/teams/teams";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf, type TestApiInbox } from "@/e2e/support/factories";
import { updateAgent, type PublicUser } from "@/lib/users/agents";
import { loadActor, type Actor } from "./actor";
import { filterVisibleConversationIds } from "./visibility";
import { readSseFrames } from "@/e2e/support/sse";

const t = setupTestDb();

/** Invisible must look exactly like missing: AppError not_found (404), never forbidden. */
async function expectHidden(p: Promise<unknown>, label = "") {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `${label}: expected a 404`).toBeInstanceOf(AppError);
  expect((e as AppError).code, label).toBe("not_found");
  expect((e as AppError).status, label).toBe(404);
}

async function expectCode(p: Promise<unknown>, code: string, label = "") {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, label).toBeInstanceOf(AppError);
  expect((e as AppError).code, label).toBe(code);
  return e as AppError;
}

/** Re-reads the user as every request does; null once they are deactivated. */
async function fresh(user: { id: string }): Promise<Actor> {
  const actor = await loadActor(t.db, user.id);
  expect(actor).not.toBeNull();
  return actor!;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

async function convRow(id: string) {
  const [c] = await t.db.select().from(conversations).where(eq(conversations.id, id));
  return c!;
}

/*
 * The world:
 *   inbox A  direct members: direct, gone            conversations a1 (assigned to direct), a2
 *   inbox B  team T (member: viaTeam)                conversation  b1
 *   inbox C  direct member: other                    conversation  c1
 *   inbox D  direct member: direct — then deleted    conversation  d1
 * One contact (one email address) wrote to every inbox. `gone` is deactivated.
 */
describe("the visibility matrix", () => {
  let admin: Actor;
  let direct: Actor, viaTeam: Actor, other: Actor;
  let goneUser: PublicUser;
  let A: TestApiInbox, B: TestApiInbox, C: TestApiInbox, D: TestApiInbox;
  let teamT: { id: string };
  const conv: Record<"a1" | "a2" | "b1" | "c1" | "d1", { id: string; number: number }> = {} as never;
  let contactId: string;

  beforeAll(async () => {
    admin = await t.admin();
    direct = actorOf(await t.makeAgent({ name: "Dora Direct" }));
    viaTeam = actorOf(await t.makeAgent({ name: "Tom Team" }));
    other = actorOf(await t.makeAgent({ name: "Olga Other" }));
    goneUser = await t.makeAgent({ name: "Gus Gone" });
    teamT = await t.makeTeam({ name: "Billing", memberIds: [viaTeam.id] });
    A = await t.makeApiInbox({ name: "A", agentIds: [direct.id, goneUser.id] });
    B = await t.makeApiInbox({ name: "B", teamIds: [teamT.id] });
    C = await t.makeApiInbox({ name: "C", agentIds: [other.id] });
    D = await t.makeApiInbox({ name: "D", agentIds: [direct.id] });

    const make = async (inbox: TestApiInbox, contact: string) => {
      const r = await t.incoming(inbox, { contact, name: "Shared Sam", email: "sam@example.com", content: `hello ${inbox.name}` });
      return { id: r.conversationId, number: (await convRow(r.conversationId)).number };
    };
    conv.a1 = await make(A, "sam-a1");
    conv.a2 = await make(A, "sam-a2");
    conv.b1 = await make(B, "sam-b");
    conv.c1 = await make(C, "sam-c");
    conv.d1 = await make(D, "sam-d");
    contactId = (await convRow(conv.a1.id)).contactId;
    // The same email address makes them one contact across inboxes.
    for (const k of ["a2", "b1", "c1", "d1"] as const) expect((await convRow(conv[k].id)).contactId).toBe(contactId);
    await updateConversation(t.db, admin, conv.a1.id, { assigneeId: direct.id });
    await deleteInbox(t.db, admin, D.id);
    await updateAgent(t.db, admin, goneUser.id, { active: false });
  });

  const visible = () => ({
    admin: { actor: admin, sees: ["a1", "a2", "b1", "c1", "d1"] },
    direct: { actor: direct, sees: ["a1", "a2"] },
    viaTeam: { actor: viaTeam, sees: ["b1"] },
    other: { actor: other, sees: ["c1"] },
  });
  const all = ["a1", "a2", "b1", "c1", "d1"] as const;

  it("deactivated users have no actor at all", async () => {
    expect(await loadActor(t.db, goneUser.id)).toBeNull();
  });

  it("getConversation, by id and by #number", async () => {
    for (const [who, { actor, sees }] of Object.entries(visible())) {
      for (const k of all) {
        if (sees.includes(k)) {
          expect((await getConversation(t.db, actor, conv[k].id)).id, `${who} ${k}`).toBe(conv[k].id);
          expect((await getConversation(t.db, actor, String(conv[k].number))).id).toBe(conv[k].id);
        } else {
          await expectHidden(getConversation(t.db, actor, conv[k].id), `${who} ${k}`);
          await expectHidden(getConversation(t.db, actor, conv[k].number), `${who} #${k}`);
        }
      }
    }
    await expectHidden(getConversation(t.db, admin, "00000000-0000-4000-8000-000000000000"));
    await expectHidden(getConversation(t.db, admin, "not-an-id"));
    expect((await getConversation(t.db, admin, conv.d1.id)).canReply).toBe(false);
  });

  it("listMessages", async () => {
    for (const [who, { actor, sees }] of Object.entries(visible())) {
      for (const k of all) {
        if (sees.includes(k)) expect((await listMessages(t.db, actor, conv[k].id)).length, `${who} ${k}`).toBeGreaterThan(0);
        else await expectHidden(listMessages(t.db, actor, conv[k].id), `${who} ${k}`);
      }
    }
  });

  it("filterVisibleConversationIds (realtime filtering)", async () => {
    const everything = all.map((k) => conv[k].id);
    for (const [who, { actor, sees }] of Object.entries(visible())) {
      const got = await filterVisibleConversationIds(t.db, actor, everything);
      expect([...got].sort(), who).toEqual(sees.map((k) => conv[k as keyof typeof conv].id).sort());
    }
  });

  it("listConversations: data and the three counts", async () => {
    const expected = { admin: ["a1", "a2", "b1", "c1"], direct: ["a1", "a2"], viaTeam: ["b1"], other: ["c1"] };
    for (const [who, { actor }] of Object.entries(visible())) {
      const res = await listConversations(t.db, actor, { status: "all" });
      const want = expected[who as keyof typeof expected].map((k) => conv[k as keyof typeof conv].id).sort();
      const mine = ids(res.data).filter((id) => Object.values(conv).some((c) => c.id === id));
      expect(mine, who).toEqual(want);
      if (who !== "admin") expect(res.counts.all, who).toBe(want.length);
    }
    const d = await listConversations(t.db, direct, { status: "all" });
    expect(d.counts).toEqual({ mine: 1, unassigned: 1, all: 2 });
    expect(ids((await listConversations(t.db, direct, { status: "all", assignee: "me" })).data)).toEqual([conv.a1.id]);
    expect(ids((await listConversations(t.db, direct, { status: "all", assignee: "unassigned" })).data)).toEqual([conv.a2.id]);
  });

  it("listConversations: filters cannot widen what an agent sees", async () => {
    for (const input of [{ inboxId: B.id }, { inboxId: D.id }, { inboxId: C.id, q: "Shared" }]) {
      const res = await listConversations(t.db, direct, { status: "all", ...input });
      expect(res.data, JSON.stringify(input)).toEqual([]);
      expect(res.counts).toEqual({ mine: 0, unassigned: 0, all: 0 });
    }
    const deleted = await listConversations(t.db, direct, { status: "all", inboxStatus: "deleted" });
    expect(ids(deleted.data)).not.toContain(conv.d1.id);
    // Search by the shared contact's name only finds the agent's own inbox.
    expect(ids((await listConversations(t.db, direct, { status: "all", q: "Shared Sam" })).data)).toEqual([conv.a1.id, conv.a2.id].sort());
    expect(ids((await listConversations(t.db, direct, { status: "all", q: String(conv.b1.number) })).data)).toEqual([]);
    expect(ids((await listConversations(t.db, viaTeam, { status: "all", teamId: teamT.id })).data)).toEqual([]);
  });

  it("listConversations: administrators reach deleted inboxes only when asking for them", async () => {
    const live = await listConversations(t.db, admin, { status: "all" });
    expect(ids(live.data)).not.toContain(conv.d1.id);
    expect(ids((await listConversations(t.db, admin, { status: "all", inboxId: D.id })).data)).toEqual([conv.d1.id]);
    expect(ids((await listConversations(t.db, admin, { status: "all", inboxStatus: "deleted" })).data)).toContain(conv.d1.id);
  });

  it("otherConversationsOfContact", async () => {
    expect(ids(await otherConversationsOfContact(t.db, admin, conv.a1.id, contactId))).toEqual(
      [conv.a2.id, conv.b1.id, conv.c1.id, conv.d1.id].sort(),
    );
    expect(ids(await otherConversationsOfContact(t.db, direct, conv.a1.id, contactId))).toEqual([conv.a2.id]);
    expect(ids(await otherConversationsOfContact(t.db, viaTeam, conv.b1.id, contactId))).toEqual([]);
    expect(ids(await otherConversationsOfContact(t.db, other, conv.c1.id, contactId))).toEqual([]);
  });

  it("createMessage: 404 for the invisible, 410 only for those who can see a deleted inbox's conversation", async () => {
    for (const [who, { actor, sees }] of Object.entries(visible())) {
      for (const k of all) {
        if (sees.includes(k)) continue;
        await expectHidden(createMessage(t.db, actor, conv[k].id, { content: "peek", private: true }), `${who} ${k}`);
      }
    }
    await expectCode(createMessage(t.db, admin, conv.d1.id, { content: "into the void" }), "gone");
    const note = await createMessage(t.db, direct, conv.a2.id, { content: "checked their order", private: true });
    expect(note.private).toBe(true);
    const reply = await createMessage(t.db, viaTeam, conv.b1.id, { content: "Hi Sam!" });
    expect(reply.status).toBe("pending");
  });

  it("updateConversation: 404 for the invisible, 410 in a deleted inbox", async () => {
    for (const [who, { actor, sees }] of Object.entries(visible())) {
      for (const k of all) {
        if (sees.includes(k)) continue;
        await expectHidden(updateConversation(t.db, actor, conv[k].id, { priority: "urgent" }), `${who} ${k}`);
      }
    }
    await expectCode(updateConversation(t.db, admin, conv.d1.id, { status: "resolved" }), "gone");
    expect((await updateConversation(t.db, other, conv.c1.id, { priority: "high" })).priority).toBe("high");
    expect((await convRow(conv.a1.id)).priority).toBe("none");
  });

  it("listInboxes and getInbox", async () => {
    const inWorld = (rows: { id: string }[]) => ids(rows).filter((id) => [A.id, B.id, C.id, D.id].includes(id));
    expect(inWorld(await listInboxes(t.db, admin))).toEqual([A.id, B.id, C.id].sort());
    expect(ids(await listInboxes(t.db, direct))).toEqual([A.id]);
    expect(ids(await listInboxes(t.db, viaTeam))).toEqual([B.id]);
    expect(ids(await listInboxes(t.db, other))).toEqual([C.id]);

    expect((await getInbox(t.db, admin, D.id)).status).toBe("deleted");
    expect((await getInbox(t.db, viaTeam, B.id)).id).toBe(B.id);
    expect(await getInbox(t.db, viaTeam, B.id)).not.toHaveProperty("hmacToken");
    await expectHidden(getInbox(t.db, direct, B.id), "direct B");
    await expectHidden(getInbox(t.db, direct, D.id), "direct D (deleted)");
    await expectHidden(getInbox(t.db, other, A.id), "other A");
    await expectHidden(getInbox(t.db, viaTeam, "nonsense"), "bad id");
  });

  describe("assignment rules", () => {
    it("only someone who can see the conversation may be its assignee (422)", async () => {
      const cases: [string, string][] = [
        [other.id, "agent of another inbox"],
        [goneUser.id, "deactivated agent"],
        ["00000000-0000-4000-8000-000000000002", "unknown user"],
      ];
      for (const [assigneeId, label] of cases) {
        const e = await expectCode(updateConversation(t.db, admin, conv.a2.id, { assigneeId }), "unprocessable", label);
        expect(e.status).toBe(422);
        expect(e.fieldErrors).toHaveProperty("assigneeId");
      }
      expect((await updateConversation(t.db, admin, conv.b1.id, { assigneeId: viaTeam.id })).assigneeId).toBe(viaTeam.id);
      expect((await updateConversation(t.db, direct, conv.a2.id, { assigneeId: admin.id })).assigneeId).toBe(admin.id);
      expect((await updateConversation(t.db, direct, conv.a2.id, { assigneeId: null })).assigneeId).toBeNull();
    });

    it("a team may be set only if it is assigned to the conversation's inbox (422)", async () => {
      const e = await expectCode(updateConversation(t.db, admin, conv.a2.id, { teamId: teamT.id }), "unprocessable");
      expect(e.fieldErrors).toHaveProperty("teamId");
      expect((await updateConversation(t.db, viaTeam, conv.b1.id, { teamId: teamT.id })).teamId).toBe(teamT.id);
      // The team field grants nothing by itself: direct still cannot see b1.
      await expectHidden(getConversation(t.db, direct, conv.b1.id));
    });
  });
});

describe("membership changes take effect on the very next call", () => {
  async function seesNothing(actor: Actor, inboxId: string, conversationId: string) {
    await expectHidden(getConversation(t.db, actor, conversationId));
    await expectHidden(listMessages(t.db, actor, conversationId));
    await expectHidden(createMessage(t.db, actor, conversationId, { content: "still here?", private: true }));
    expect((await listConversations(t.db, actor, { status: "all" })).counts.all).toBe(0);
    expect(await filterVisibleConversationIds(t.db, actor, [conversationId])).toEqual(new Set());
    expect(ids(await listInboxes(t.db, actor))).not.toContain(inboxId);
  }

  it("removing an agent from an inbox hides it and unassigns them", async () => {
    const agent = await t.makeAgent();
    const box = await t.makeApiInbox({ agentIds: [agent.id] });
    const { conversationId } = await t.incoming(box, { contact: "m1" });
    await updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id });
    expect((await getConversation(t.db, await fresh(agent), conversationId)).id).toBe(conversationId);

    await t.setAgents(box.id, []);
    await seesNothing(await fresh(agent), box.id, conversationId);
    expect((await convRow(conversationId)).assigneeId).toBeNull();
  });

  it("removing a team from an inbox hides it from the team's members and clears the conversation's team", async () => {
    const agent = await t.makeAgent();
    const team = await t.makeTeam({ memberIds: [agent.id] });
    const box = await t.makeApiInbox({ teamIds: [team.id] });
    const { conversationId } = await t.incoming(box, { contact: "m2" });
    await updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id, teamId: team.id });
    expect((await listConversations(t.db, await fresh(agent), { status: "all" })).counts.all).toBe(1);

    await t.setTeams(box.id, []);
    await seesNothing(await fresh(agent), box.id, conversationId);
    const row = await convRow(conversationId);
    expect(row.assigneeId).toBeNull();
    expect(row.teamId).toBeNull();
  });

  it("removing an agent from a team hides the team's inboxes from them", async () => {
    const agent = await t.makeAgent();
    const stays = await t.makeAgent();
    const team = await t.makeTeam({ memberIds: [agent.id, stays.id] });
    const box = await t.makeApiInbox({ teamIds: [team.id] });
    const { conversationId } = await t.incoming(box, { contact: "m3" });
    await updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id, teamId: team.id });
    expect((await getConversation(t.db, await fresh(agent), conversationId)).id).toBe(conversationId);

    await setTeamMembers(t.db, await t.admin(), team.id, { agentIds: [stays.id] });
    await seesNothing(await fresh(agent), box.id, conversationId);
    const row = await convRow(conversationId);
    expect(row.assigneeId).toBeNull();
    expect(row.teamId).toBe(team.id);
    expect((await getConversation(t.db, await fresh(stays), conversationId)).id).toBe(conversationId);
  });

  it("an agent who is both a member and in an assigned team keeps access (and the assignment) when one path goes", async () => {
    const agent = await t.makeAgent();
    const team = await t.makeTeam({ memberIds: [agent.id] });
    const box = await t.makeApiInbox({ agentIds: [agent.id], teamIds: [team.id] });
    const { conversationId } = await t.incoming(box, { contact: "m4" });
    await updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id });
    await t.setAgents(box.id, []);
    expect((await getConversation(t.db, await fresh(agent), conversationId)).assigneeId).toBe(agent.id);
    await t.setTeams(box.id, []);
    await seesNothing(await fresh(agent), box.id, conversationId);
    expect((await convRow(conversationId)).assigneeId).toBeNull();
  });

  it("deactivation ends access at once and releases the agent's conversations", async () => {
    const agent = await t.makeAgent();
    const box = await t.makeApiInbox({ agentIds: [agent.id] });
    const { conversationId } = await t.incoming(box, { contact: "m5" });
    await updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id });
    const before = await fresh(agent);
    expect((await getConversation(t.db, before, conversationId)).id).toBe(conversationId);

    await updateAgent(t.db, await t.admin(), agent.id, { active: false });
    expect(await loadActor(t.db, agent.id)).toBeNull();
    expect((await convRow(conversationId)).assigneeId).toBeNull();
    // And they cannot be put back on it.
    await expectCode(updateConversation(t.db, await t.admin(), conversationId, { assigneeId: agent.id }), "unprocessable");
  });

  it("deleting an inbox hides it from its agents at once; administrators still read it", async () => {
    const agent = await t.makeAgent();
    const box = await t.makeApiInbox({ agentIds: [agent.id] });
    const { conversationId } = await t.incoming(box, { contact: "m6" });
    await deleteInbox(t.db, await t.admin(), box.id);
    await seesNothing(await fresh(agent), box.id, conversationId);
    expect((await getConversation(t.db, await t.admin(), conversationId)).inbox.deleted).toBe(true);
  });
});

describe("the realtime stream", () => {
  /** Reads SSE frames from an eventStream into a list, so tests can wait for a given event. */
  function open(actor: Actor) {
    const abort = new AbortController();
    const stream = eventStream(t.db, actor, undefined, abort.signal);
    const { frames, waitFor, isClosed, done: pump } = readSseFrames(stream);
    return {
      frames,
      waitFor,
      isClosed,
      close: async () => {
        abort.abort();
        await pump.catch(() => {});
      },
    };
  }

  it("sends only visible events, and stops at once when access is lost", async () => {
    const agent = await t.makeAgent();
    const boxKeep = await t.makeApiInbox({ agentIds: [agent.id] });
    const boxLose = await t.makeApiInbox({ agentIds: [agent.id] });
    const boxNever = await t.makeApiInbox();
    const keep = (await t.incoming(boxKeep, { contact: "rt-keep" })).conversationId;
    const lose = (await t.incoming(boxLose, { contact: "rt-lose" })).conversationId;
    const never = (await t.incoming(boxNever, { contact: "rt-never" })).conversationId;
    const ev = (conversationId: string, inboxId: string) => ({ type: "conversation.updated" as const, conversationId, inboxId });

    const s = open(await fresh(agent));
    try {
      await s.waitFor((f) => f.event === "ready", "ready");
      // Events are filtered in order, so once the last one arrives the earlier ones were decided.
      await publish(t.db, ev(never, boxNever.id), ev(lose, boxLose.id), ev(keep, boxKeep.id));
      await s.waitFor((f) => f.data?.conversationId === keep, "the kept conversation");
      const seen = () => s.frames.filter((f) => f.event === "conversation.updated").map((f) => f.data.conversationId);
      expect(seen()).toEqual([lose, keep]);

      await t.setAgents(boxLose.id, []);
      await publish(t.db, ev(lose, boxLose.id), ev(keep, boxKeep.id));
      await s.waitFor((f) => f.data?.conversationId === keep && s.frames.filter((x) => x.data?.conversationId === keep).length === 2, "a second kept event");
      expect(seen()).toEqual([lose, keep, keep]);

      await updateAgent(t.db, await t.admin(), agent.id, { active: false });
      await s.waitFor((f) => f.event === "session.ended", "session.ended");
      await s.waitFor(() => s.isClosed(), "the end of the stream");
    } finally {
      await s.close();
    }
  });
});
