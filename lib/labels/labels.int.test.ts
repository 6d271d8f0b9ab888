import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { auditEvents, conversationLabels, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { getConversation } from "@/lib/conversations/detail";
import { deliverEvent } from "@/lib/conversations/delivery";
import { listConversations } from "@/lib/conversations/list";
import { AppError } from "@/lib/errors";
import { QUEUES } from "@/lib/jobs/queue";
import { eventStream } from "@/lib/realtime/stream";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf, type TestApiInbox } from "@/e2e/support/factories";
import { readSseFrames } from "@/e2e/support/sse";
import { setConversationLabels } from "./conversation-labels";
import { createLabel, deleteLabel, listLabels, updateLabel } from "./labels";

const t = setupTestDb();

async function failure(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const activityOf = async (conversationId: string) =>
  (await t.db.select({ content: messages.content, kind: messages.kind }).from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.createdAt))
    .filter((m) => m.kind === "activity")
    .map((m) => m.content);

describe("label definitions", () => {
  let admin: Actor;
  let agent: Actor;
  beforeAll(async () => {
    admin = await t.admin();
    agent = actorOf(await t.makeAgent({ name: "Lena Label" }));
  });

  it("creates with the case kept, lowercases the colour and audits", async () => {
    const l = await createLabel(t.db, admin, { name: "  Refund Request ", color: "#AA3355", description: "Money back" });
    expect(l).toEqual({ id: expect.any(String), name: "Refund Request", color: "#aa3355", description: "Money back" });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, l.id));
    expect(audit).toMatchObject({ action: "label.created", actorId: admin.id });
  });

  it("refuses a duplicate name case-insensitively with 409 on `name`, on create and on rename", async () => {
    await createLabel(t.db, admin, { name: "Billing", color: "#336699" });
    const e = await failure(createLabel(t.db, admin, { name: "BILLING", color: "#112233" }));
    expect(e.status).toBe(409);
    expect(e.fieldErrors).toEqual({ name: ["Already in use"] });
    const other = await createLabel(t.db, admin, { name: "Shipping", color: "#112233" });
    expect((await failure(updateLabel(t.db, admin, other.id, { name: "billing" }))).status).toBe(409);
    // Changing only the case of its own name is no conflict.
    expect((await updateLabel(t.db, admin, other.id, { name: "SHIPPING" })).name).toBe("SHIPPING");
  });

  it("validates name, colour, description and unknown fields with 400 per field", async () => {
    const cases: [unknown, string][] = [
      [{ name: "", color: "#112233" }, "name"],
      [{ name: "x".repeat(51), color: "#112233" }, "name"],
      [{ name: "a,b", color: "#112233" }, "name"],
      [{ name: "Ok", color: "red" }, "color"],
      [{ name: "Ok", color: "#12345" }, "color"],
      [{ name: "Ok", color: "#112233", description: "d".repeat(501) }, "description"],
      [{ name: "Ok", color: "#112233", colour: "#112233" }, "_"],
    ];
    for (const [input, field] of cases) {
      const e = await failure(createLabel(t.db, admin, input));
      expect(e.status, JSON.stringify(input)).toBe(400);
      expect(Object.keys(e.fieldErrors ?? {}), JSON.stringify(input)).toContain(field);
    }
    expect((await createLabel(t.db, admin, { name: "x".repeat(50), color: "#112233" })).name).toHaveLength(50);
  });

  it("lets only administrators manage labels (403), any user list them, and 404s unknown ids", async () => {
    expect((await failure(createLabel(t.db, agent, { name: "Nope", color: "#112233" }))).status).toBe(403);
    const l = await createLabel(t.db, admin, { name: "Agent proof", color: "#112233" });
    expect((await failure(updateLabel(t.db, agent, l.id, { name: "x" }))).status).toBe(403);
    expect((await failure(deleteLabel(t.db, agent, l.id))).status).toBe(403);
    expect((await listLabels(t.db, agent)).map((x) => x.name)).toContain("Agent proof");
    expect((await failure(updateLabel(t.db, admin, "not-a-uuid", { name: "x" }))).status).toBe(404);
    expect((await failure(deleteLabel(t.db, admin, "00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });

  it("lists by name, case-insensitively", async () => {
    const names = (await listLabels(t.db, admin)).map((l) => l.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });
});

describe("labels on conversations", () => {
  let admin: Actor;
  let agent: Actor;
  let outsider: Actor;
  let inbox: TestApiInbox;
  let hiddenInbox: TestApiInbox;
  let c1: string, c2: string, hidden: string;
  let refund: { id: string }, vip: { id: string }, spam: { id: string };
  // The integrator's callback endpoint, recording what the api channel posts.
  const received: { data: { id: string; labels: unknown; changes: string[] } }[] = [];
  let server: Server;

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
    admin = await t.admin();
    agent = actorOf(await t.makeAgent({ name: "Ana Agent" }));
    outsider = actorOf(await t.makeAgent({ name: "Olaf Outside" }));
    inbox = await t.makeApiInbox({ agentIds: [agent.id], callbackUrl });
    hiddenInbox = await t.makeApiInbox({ agentIds: [outsider.id] });
    c1 = (await t.incoming(inbox, { contact: "lab-1" })).conversationId;
    c2 = (await t.incoming(inbox, { contact: "lab-2" })).conversationId;
    hidden = (await t.incoming(hiddenInbox, { contact: "lab-h" })).conversationId;
    refund = await createLabel(t.db, admin, { name: "Refund", color: "#cc3344" });
    vip = await createLabel(t.db, admin, { name: "vip", color: "#3355cc" });
    spam = await createLabel(t.db, admin, { name: "Spam", color: "#777777" });
  });

  it("replaces the labels, returns the conversation ordered by name, and writes who added and removed which", async () => {
    const conv = await setConversationLabels(t.db, agent, c1, { labelIds: [vip.id, refund.id, vip.id] });
    expect(conv.labels).toEqual([
      { id: refund.id, name: "Refund", color: "#cc3344" },
      { id: vip.id, name: "vip", color: "#3355cc" },
    ]);
    const after = await setConversationLabels(t.db, agent, c1, { labelIds: [vip.id, spam.id] });
    expect(after.labels.map((l) => l.name)).toEqual(["Spam", "vip"]);
    // Setting the same set again changes nothing and writes nothing.
    await setConversationLabels(t.db, agent, c1, { labelIds: [spam.id, vip.id] });
    expect(await activityOf(c1)).toEqual([
      "Ana Agent added labels Refund, vip",
      "Ana Agent added label Spam and removed label Refund",
    ]);
  });

  it("refuses an unknown label id with 422 and changes nothing", async () => {
    const before = (await getConversation(t.db, agent, c1)).labels;
    const e = await failure(setConversationLabels(t.db, agent, c1, { labelIds: [refund.id, "00000000-0000-4000-8000-000000000000"] }));
    expect(e.status).toBe(422);
    expect(e.fieldErrors).toHaveProperty("labelIds");
    expect((await getConversation(t.db, agent, c1)).labels).toEqual(before);
    expect((await failure(setConversationLabels(t.db, agent, c1, { labelIds: ["nope"] }))).status).toBe(400);
    expect((await failure(setConversationLabels(t.db, agent, c1, {}))).status).toBe(400);
  });

  it("answers 404 to someone who cannot see the conversation, and labels it not", async () => {
    expect((await failure(setConversationLabels(t.db, agent, hidden, { labelIds: [refund.id] }))).status).toBe(404);
    expect(await t.db.select().from(conversationLabels).where(eq(conversationLabels.conversationId, hidden))).toEqual([]);
    // By #number too.
    const n = (await getConversation(t.db, admin, hidden)).number;
    expect((await failure(setConversationLabels(t.db, agent, `#${n}`, { labelIds: [] }))).status).toBe(404);
  });

  it("filters the list by labelId with the three counts honouring it; an unknown label matches nothing", async () => {
    await setConversationLabels(t.db, agent, c2, { labelIds: [refund.id] });
    await setConversationLabels(t.db, admin, hidden, { labelIds: [refund.id] });
    const mine = await listConversations(t.db, agent, { labelId: refund.id });
    expect(mine.data.map((c) => c.id)).toEqual([c2]);
    expect(mine.data[0]!.labels).toEqual([{ id: refund.id, name: "Refund", color: "#cc3344" }]);
    expect(mine.counts).toEqual({ mine: 0, unassigned: 1, all: 1 });
    const all = await listConversations(t.db, admin, { labelId: refund.id });
    expect(all.data.map((c) => c.id).sort()).toEqual([c2, hidden].sort());
    expect(all.counts.all).toBe(2);
    const none = await listConversations(t.db, admin, { labelId: "00000000-0000-4000-8000-000000000000" });
    expect(none).toMatchObject({ data: [], counts: { mine: 0, unassigned: 0, all: 0 } });
    expect((await failure(listConversations(t.db, admin, { labelId: "refund" }))).status).toBe(400);
  });

  it("loads a page's labels in one query whatever the page size", async () => {
    const queries: string[] = [];
    const pool = new Pool({ connectionString: t.url, max: 1 });
    const logged = drizzle(pool, { schema, casing: "snake_case", logger: { logQuery: (q) => void queries.push(q) } });
    try {
      expect((await listConversations(logged, admin, { status: "all" })).data.length).toBeGreaterThanOrEqual(3);
    } finally {
      await pool.end();
    }
    expect(queries.filter((q) => q.includes('"conversation_labels"') && q.includes('"labels"."name"'))).toHaveLength(1);
  });

  it("counts per label only the conversations the caller can see", async () => {
    const forAgent = (await listLabels(t.db, agent)).find((l) => l.id === refund.id)!;
    const forAdmin = (await listLabels(t.db, admin)).find((l) => l.id === refund.id)!;
    expect(forAgent).toMatchObject({ conversationCount: 1, openCount: 1 });
    expect(forAdmin).toMatchObject({ conversationCount: 2, openCount: 2 });
  });

  it("queues the api channel's conversation.updated with labelIds, whose data carries the labels", async () => {
    const { rows } = await t.db.execute<{ data: { conversationId: string; changes: string[]; inboxId: string; event: string } }>(
      sql`select data from pgboss.job where name = ${QUEUES.deliverEvent} and data->>'conversationId' = ${c1} order by created_on`,
    );
    expect(rows.length).toBe(2); // two saves changed something; the repeat and the refused one did not
    expect(rows[0]!.data.changes).toEqual(["labelIds"]);
    await deliverEvent(t.db, rows[1]!.data, { finalAttempt: false, eventId: "label-test" });
    // Built at delivery time: the conversation as it is now, labels included.
    expect(received.at(-1)!.data).toMatchObject({
      id: c1,
      changes: ["labelIds"],
      labels: [
        { id: spam.id, name: "Spam", color: "#777777" },
        { id: vip.id, name: "vip", color: "#3355cc" },
      ],
    });
  });

  it("shows a rename at once and a deleted label disappears from every conversation", async () => {
    const temp = await createLabel(t.db, admin, { name: "Temporary", color: "#445566" });
    await setConversationLabels(t.db, agent, c2, { labelIds: [refund.id, temp.id] });
    await updateLabel(t.db, admin, temp.id, { name: "Renamed", color: "#665544" });
    expect((await getConversation(t.db, agent, c2)).labels).toContainEqual({ id: temp.id, name: "Renamed", color: "#665544" });
    expect((await listLabels(t.db, admin)).find((l) => l.id === temp.id)?.conversationCount).toBe(1);
    await deleteLabel(t.db, admin, temp.id);
    expect((await getConversation(t.db, agent, c2)).labels.map((l) => l.id)).toEqual([refund.id]);
    expect(await t.db.select().from(conversationLabels).where(eq(conversationLabels.labelId, temp.id))).toEqual([]);
    const [audit] = await t.db.select().from(auditEvents).where(sql`${auditEvents.targetId} = ${temp.id} and ${auditEvents.action} = 'label.deleted'`);
    expect(audit?.details).toMatchObject({ name: "Renamed", conversations: 1 });
  });

  it("streams labels.changed to every user and the relabelled conversation to those who see it", async () => {
    const open = (actor: Actor) => {
      const abort = new AbortController();
      const s = readSseFrames(eventStream(t.db, actor, undefined, abort.signal));
      return { ...s, close: async () => (abort.abort(), await s.done.catch(() => {})) };
    };
    const mine = open(agent);
    const theirs = open(outsider);
    try {
      await mine.waitFor((f) => f.event === "ready", "ready");
      await theirs.waitFor((f) => f.event === "ready", "ready");
      await setConversationLabels(t.db, agent, c1, { labelIds: [] });
      await mine.waitFor((f) => f.event === "conversation.updated" && f.data.conversationId === c1, "the agent's update");
      await updateLabel(t.db, admin, vip.id, { color: "#224488" });
      await mine.waitFor((f) => f.event === "labels.changed", "labels.changed (agent)");
      await theirs.waitFor((f) => f.event === "labels.changed", "labels.changed (outsider)");
      expect(theirs.frames.some((f) => f.data.conversationId === c1)).toBe(false);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });
});
