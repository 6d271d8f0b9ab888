import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { automationFires, conversationLabels, conversations, inboxes, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { signBody } from "@/lib/channels/api/signature";
import { updateConversation } from "@/lib/conversations/update";
import { setConversationLabels } from "@/lib/labels/conversation-labels";
import { createLabel, deleteLabel } from "@/lib/labels/labels";
import { QUEUES } from "@/lib/jobs/queue";
import { setupTestDb } from "@/e2e/support/db";
import { actorOf } from "@/e2e/support/factories";
import { createRule, deleteRule, getRule, listRules } from "./rules";
import { listRuns } from "./runs";
import { systemSweepTimeRules } from "./sweep";
import { testRule } from "./test-rule";
import { systemDeliverRuleWebhook } from "./webhook";

const t = setupTestDb();
let admin: Actor;

const conv = async (id: string) => (await t.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const thread = (id: string) => t.db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(messages.createdAt, messages.id);
const activity = async (id: string) => (await thread(id)).filter((m) => m.kind === "activity").map((m) => m.content);
const labelIdsOf = async (id: string) =>
  (await t.db.select({ id: conversationLabels.labelId }).from(conversationLabels).where(eq(conversationLabels.conversationId, id))).map((l) => l.id);

/** Rules live for one test: every test starts from none. */
async function clearRules() {
  for (const r of await listRules(t.db, admin)) await deleteRule(t.db, admin, r.id);
}

beforeAll(async () => {
  admin = await t.admin();
});

describe("events, order and options", () => {
  it("conversation.created runs on the first message only; message.received on every one", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const created = await createRule(t.db, admin, { name: "New", event: "conversation.created", inboxIds: [inbox.id], actions: [{ type: "add_note", content: "opened" }] });
    const received = await createRule(t.db, admin, { name: "Each", event: "message.received", inboxIds: [inbox.id], actions: [{ type: "add_note", content: "got one" }] });
    const a = await t.incoming(inbox, { contact: "ev-1", content: "first" });
    await t.incoming(inbox, { contact: "ev-1", content: "second" });
    const notes = (await thread(a.conversationId)).filter((m) => m.private).map((m) => m.content);
    expect(notes).toEqual(["opened", "got one", "got one"]);
    expect((await getRule(t.db, admin, created.id)).runCount).toBe(1);
    expect((await getRule(t.db, admin, received.id)).runCount).toBe(2);
    const [note] = (await thread(a.conversationId)).filter((m) => m.private);
    expect(note!.senderAutomation).toEqual({ type: "automation", id: created.id, name: "New" });
  });

  it("runs in position order, each rule seeing the previous one's change; stopProcessing ends the run", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const vip = await createLabel(t.db, admin, { name: `VIP ${t.unique()}`, color: "#123456" });
    await createRule(t.db, admin, { name: "Second", position: 20, event: "message.received", conditions: [{ field: "labelIds", operator: "includes_any", value: [vip.id] }], actions: [{ type: "set_priority", priority: "urgent" }], stopProcessing: true });
    await createRule(t.db, admin, { name: "First", position: 10, event: "message.received", conditions: [{ field: "content", operator: "starts_with", value: "VIP" }], actions: [{ type: "add_labels", labelIds: [vip.id] }] });
    await createRule(t.db, admin, { name: "Third", position: 30, event: "message.received", actions: [{ type: "set_priority", priority: "low" }] });
    const hit = await t.incoming(inbox, { contact: "ord-1", content: "vip customer here" });
    expect((await conv(hit.conversationId)).priority).toBe("urgent");
    const plain = await t.incoming(inbox, { contact: "ord-2", content: "hello" });
    expect((await conv(plain.conversationId)).priority).toBe("low");
    expect(await labelIdsOf(hit.conversationId)).toEqual([vip.id]);
    await deleteLabel(t.db, admin, vip.id);
  });

  it("match any needs one condition, all needs every one", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const conditions = [
      { field: "content", operator: "contains", value: "invoice" },
      { field: "contact.emailDomain", operator: "in", value: ["acme.com"] },
    ];
    await createRule(t.db, admin, { name: "Any", event: "message.received", match: "any", conditions, actions: [{ type: "set_priority", priority: "medium" }] });
    await createRule(t.db, admin, { name: "All", event: "message.received", conditions, actions: [{ type: "set_priority", priority: "high" }] });
    const one = await t.incoming(inbox, { contact: "m-1", content: "my invoice", email: "x@other.org" });
    const both = await t.incoming(inbox, { contact: "m-2", content: "INVOICE again", email: "y@sales.acme.com" });
    const none = await t.incoming(inbox, { contact: "m-3", content: "hi", email: "z@other.org" });
    expect((await conv(one.conversationId)).priority).toBe("medium");
    expect((await conv(both.conversationId)).priority).toBe("high");
    expect((await conv(none.conversationId)).priority).toBe("none");
  });

  it("oncePerConversation fires a rule once per conversation", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    await createRule(t.db, admin, { name: "Once", event: "message.received", oncePerConversation: true, actions: [{ type: "add_note", content: "noted" }] });
    const a = await t.incoming(inbox, { contact: "once-1" });
    await t.incoming(inbox, { contact: "once-1" });
    await t.incoming(inbox, { contact: "once-1" });
    expect((await thread(a.conversationId)).filter((m) => m.private)).toHaveLength(1);
  });
});

describe("no chaining; conversation.updated", () => {
  it("what rules change never triggers rules; a person's change does, with `changed`", async () => {
    await clearRules();
    const agent = await t.makeAgent();
    const inbox = await t.makeApiInbox({ agentIds: [agent.id] });
    // Ingestion sets the priority; the updated rule must not react to that.
    await createRule(t.db, admin, { name: "Prioritise", event: "message.received", actions: [{ type: "set_priority", priority: "high" }] });
    await createRule(t.db, admin, {
      name: "Resolved note",
      event: "conversation.updated",
      conditions: [
        { field: "changed", operator: "in", value: ["status"] },
        { field: "status", operator: "in", value: ["resolved"] },
      ],
      actions: [{ type: "add_note", content: "resolved by {{agent.name | nobody}}" }, { type: "set_priority", priority: "low" }],
    });
    const c = await t.incoming(inbox, { contact: "chain-1" });
    expect((await thread(c.conversationId)).filter((m) => m.private)).toHaveLength(0);
    await updateConversation(t.db, actorOf(agent), c.conversationId, { priority: "urgent" });
    expect((await thread(c.conversationId)).filter((m) => m.private)).toHaveLength(0);
    await updateConversation(t.db, actorOf(agent), c.conversationId, { status: "resolved" });
    const notes = (await thread(c.conversationId)).filter((m) => m.private);
    expect(notes.map((n) => n.content)).toEqual(["resolved by nobody"]);
    expect((await conv(c.conversationId)).priority).toBe("low");
  });

  it("a label change by a person is conversation.updated with changed labelIds", async () => {
    await clearRules();
    const agent = await t.makeAgent();
    const inbox = await t.makeApiInbox({ agentIds: [agent.id] });
    const urgent = await createLabel(t.db, admin, { name: `Urgent ${t.unique()}`, color: "#ff0000" });
    await createRule(t.db, admin, {
      name: "Urgent label",
      event: "conversation.updated",
      conditions: [{ field: "changed", operator: "in", value: ["labelIds"] }, { field: "labelIds", operator: "includes_all", value: [urgent.id] }],
      actions: [{ type: "set_priority", priority: "urgent" }],
    });
    const c = await t.incoming(inbox, { contact: "lab-1" });
    await setConversationLabels(t.db, actorOf(agent), c.conversationId, { labelIds: [urgent.id] });
    expect((await conv(c.conversationId)).priority).toBe("urgent");
    expect(await activity(c.conversationId)).toContain('Rule "Urgent label": priority urgent');
    await deleteLabel(t.db, admin, urgent.id);
  });
});

describe("every action", () => {
  it("assigns, unassigns, removes team and labels, snoozes (with a wake job) and leaves an activity line per run", async () => {
    await clearRules();
    const agent = await t.makeAgent({ name: "Ari Assign" });
    const team = await t.makeTeam({ name: `Ops ${t.unique()}` });
    const inbox = await t.makeApiInbox({ agentIds: [agent.id], teamIds: [team.id] });
    const tag = await createLabel(t.db, admin, { name: `Tag ${t.unique()}`, color: "#00aa00" });
    await createRule(t.db, admin, {
      name: "Set up",
      event: "conversation.created",
      actions: [{ type: "assign_agent", agentId: agent.id }, { type: "assign_team", teamId: team.id }, { type: "add_labels", labelIds: [tag.id] }],
    });
    await createRule(t.db, admin, {
      name: "Park",
      event: "message.received",
      conditions: [{ field: "content", operator: "equals", value: "park" }],
      actions: [{ type: "unassign" }, { type: "remove_team", teamId: team.id }, { type: "remove_labels", labelIds: [tag.id] }, { type: "snooze", minutes: 30 }],
    });
    const c = await t.incoming(inbox, { contact: "act-1", content: "hello" });
    expect(await conv(c.conversationId)).toMatchObject({ assigneeId: agent.id, teamId: team.id });
    expect(await labelIdsOf(c.conversationId)).toEqual([tag.id]);
    await t.incoming(inbox, { contact: "act-1", content: "PARK" });
    const parked = await conv(c.conversationId);
    expect(parked).toMatchObject({ assigneeId: null, teamId: null, status: "snoozed" });
    expect(parked.snoozedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await labelIdsOf(c.conversationId)).toEqual([]);
    const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.wakeSnoozed} and data->>'conversationId' = ${c.conversationId}`);
    expect(rows[0]!.n).toBe(1);
    expect(await activity(c.conversationId)).toEqual([
      `Rule "Set up": assigned to Ari Assign, team ${team.name}, label ${tag.name}`,
      `Rule "Park": unassigned, team removed, removed label ${tag.name}, snoozed for 30 min`,
    ]);
    await deleteLabel(t.db, admin, tag.id);
  });

  it("matches the email recipient and fills message variables", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox({ name: "Desk" });
    await createRule(t.db, admin, {
      name: "Sales address",
      event: "message.received",
      conditions: [{ field: "recipient", operator: "in", value: ["Sales@Shop.example"] }],
      actions: [{ type: "send_message", content: "Hi {{contact.firstName | there}}, #{{conversation.number}} reached {{inbox.name}}." }],
    });
    const { ingestMessage } = await import("@/lib/conversations/ingest");
    const r = await ingestMessage(t.db, inbox, {
      type: "message",
      contact: { sourceId: "rcpt-1", name: "Noor Haddad" },
      message: { sourceId: `m-${t.unique()}`, content: "Quote please", recipients: ["sales@shop.example"] },
    });
    const other = await ingestMessage(t.db, inbox, {
      type: "message",
      contact: { sourceId: "rcpt-2" },
      message: { sourceId: `m-${t.unique()}`, content: "Quote please", recipients: ["help@shop.example"] },
    });
    const number = (await conv(r.conversationId)).number;
    expect((await thread(r.conversationId)).filter((m) => m.kind === "outgoing").map((m) => m.content)).toEqual([`Hi Noor, #${number} reached Desk.`]);
    expect((await thread(other.conversationId)).filter((m) => m.kind === "outgoing")).toHaveLength(0);
    expect((await conv(r.conversationId)).lastOutgoingAt).toBeInstanceOf(Date);
  });
});

describe("with the inbox row at hand (webhooks): what ingestion already knows", () => {
  it("matches contact, status, labels and channel without reading them again, and sees a reopened conversation as open", async () => {
    await clearRules();
    const { ingestMessage } = await import("@/lib/conversations/ingest");
    const inbox = await t.makeApiInbox();
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    const vip = await createLabel(t.db, admin, { name: `Known ${t.unique()}`, color: "#445566" });
    await createRule(t.db, admin, {
      name: "Known facts",
      event: "message.received",
      conditions: [
        { field: "contact.emailDomain", operator: "in", value: ["acme.com"] },
        { field: "status", operator: "in", value: ["open"] },
        { field: "channelType", operator: "in", value: ["api"] },
        { field: "labelIds", operator: "includes_any", value: [vip.id] },
      ],
      actions: [{ type: "remove_labels", labelIds: [vip.id] }, { type: "set_priority", priority: "high" }],
    });
    const send = (n: number) =>
      ingestMessage(t.db, row!, { type: "message", contact: { sourceId: "known-1", email: "kim@acme.com" }, message: { sourceId: `known-${t.unique()}-${n}`, content: "hi" } });
    const first = await send(1);
    expect((await conv(first.conversationId)).priority).toBe("none"); // no label yet
    await t.db.insert(conversationLabels).values({ conversationId: first.conversationId, labelId: vip.id });
    await t.db.update(conversations).set({ status: "pending" }).where(eq(conversations.id, first.conversationId));
    await send(2);
    expect(await conv(first.conversationId)).toMatchObject({ status: "open", priority: "high" });
    expect(await labelIdsOf(first.conversationId)).toEqual([]);
    await deleteLabel(t.db, admin, vip.id);
  });
});

describe("caps, failures and visibility at run time", () => {
  it("caps automated messages at 3 per conversation per hour, says so in lastError; notes do not count", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const rule = await createRule(t.db, admin, {
      name: "Chatty",
      event: "message.received",
      actions: [{ type: "send_message", content: "Thanks {{contact.firstName | there}}!" }, { type: "add_note", content: "n" }],
    });
    const a = await t.incoming(inbox, { contact: "cap-1", name: "Maya Chen" });
    for (let i = 0; i < 4; i++) await t.incoming(inbox, { contact: "cap-1" });
    const msgs = await thread(a.conversationId);
    const sent = msgs.filter((m) => m.kind === "outgoing" && !m.private);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({ content: "Thanks Maya!", status: "pending", senderAutomation: { type: "automation", id: rule.id, name: "Chatty" } });
    expect(msgs.filter((m) => m.private)).toHaveLength(5);
    const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.deliverMessage} and data->>'messageId' = ${sent[0]!.id}`);
    expect(rows[0]!.n).toBe(1);
    expect((await getRule(t.db, admin, rule.id)).lastError).toMatch(/^Held back: 3 automated messages/);
    const runs = await listRuns(t.db, admin, rule.id);
    expect(runs[0]!.actions).toEqual([
      { type: "send_message", outcome: "skipped", detail: expect.stringMatching(/^Held back/) },
      { type: "add_note", outcome: "done", detail: "Note added" },
    ]);
  });

  it("a workspace rule whose team does not fit the inbox skips that action, runs the rest and shows the error", async () => {
    await clearRules();
    const team = await t.makeTeam({ name: `Sales ${t.unique()}` });
    const inbox = await t.makeApiInbox({ name: "Lonely inbox" });
    const rule = await createRule(t.db, admin, { name: "Route", event: "message.received", actions: [{ type: "assign_team", teamId: team.id }, { type: "set_priority", priority: "high" }] });
    const c = await t.incoming(inbox, { contact: "ws-1" });
    expect(await conv(c.conversationId)).toMatchObject({ teamId: null, priority: "high" });
    expect((await getRule(t.db, admin, rule.id)).lastError).toBe(`Team ${team.name} is not assigned to inbox Lonely inbox`);
    // Saving again clears it until the next run.
    expect((await (await import("./rules")).updateRule(t.db, admin, rule.id, { name: "Route 2" })).lastError).toBeNull();
  });

  it("an agent who cannot see the inbox is not assigned; a deleted label leaves the other actions standing", async () => {
    await clearRules();
    const outsider = await t.makeAgent({ name: "Ola Outsider" });
    const inbox = await t.makeApiInbox({ name: "Private inbox" });
    const gone = await createLabel(t.db, admin, { name: `Gone ${t.unique()}`, color: "#333333" });
    const rule = await createRule(t.db, admin, {
      name: "Mixed",
      event: "message.received",
      actions: [{ type: "assign_agent", agentId: outsider.id }, { type: "add_labels", labelIds: [gone.id] }, { type: "set_status", status: "pending" }],
    });
    await deleteLabel(t.db, admin, gone.id);
    const c = await t.incoming(inbox, { contact: "vis-1" });
    expect(await conv(c.conversationId)).toMatchObject({ assigneeId: null, status: "pending" });
    const after = await getRule(t.db, admin, rule.id);
    expect(after.lastError).toBe("Ola Outsider cannot see inbox Private inbox; A label no longer exists");
  });
});

describe("time rules", () => {
  it("fire once per conversation until new activity; their own change is not activity; two sweeps never fire twice", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const rule = await createRule(t.db, admin, {
      name: "Nudge",
      event: "time",
      inboxIds: [inbox.id],
      conditions: [{ field: "minutesSinceLastIncoming", operator: "gte", value: 60 }, { field: "status", operator: "in", value: ["open"] }],
      actions: [{ type: "add_note", content: "quiet for an hour" }, { type: "set_priority", priority: "medium" }],
    });
    const old = new Date(Date.now() - 2 * 3600_000);
    const quiet = await t.incoming(inbox, { contact: "time-1", at: old });
    const fresh = await t.incoming(inbox, { contact: "time-2" });
    const [a, b] = await Promise.all([systemSweepTimeRules(t.db), systemSweepTimeRules(t.db)]);
    expect(a + b).toBe(1);
    expect((await thread(quiet.conversationId)).filter((m) => m.private)).toHaveLength(1);
    expect((await thread(fresh.conversationId)).filter((m) => m.private)).toHaveLength(0);
    // Nothing new: the next minute does not fire again.
    expect(await systemSweepTimeRules(t.db)).toBe(0);
    // The customer writes again: new activity. Quiet for an hour after that, the rule fires once more
    // (and on the other conversation, quiet by then too); then not again.
    await t.incoming(inbox, { contact: "time-1" });
    expect(await systemSweepTimeRules(t.db)).toBe(0);
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await systemSweepTimeRules(t.db, later)).toBe(2);
    expect(await systemSweepTimeRules(t.db, new Date(later.getTime() + 60_000))).toBe(0);
    expect((await thread(fresh.conversationId)).filter((m) => m.private)).toHaveLength(1);
    expect((await getRule(t.db, admin, rule.id)).runCount).toBe(3);
    const [fire] = await t.db.select().from(automationFires).where(and(eq(automationFires.ruleId, rule.id), eq(automationFires.conversationId, quiet.conversationId)));
    expect(fire).toBeTruthy();
  });

  it("business hours as a condition, by the inbox's schedule", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    // Closed all week: an empty schedule.
    await t.db.update(inboxes).set({ businessHours: { timezone: "Europe/Berlin", schedule: {}, holidays: [] } }).where(eq(inboxes.id, inbox.id));
    await createRule(t.db, admin, { name: "After hours", event: "message.received", conditions: [{ field: "businessHours", operator: "is", value: "closed" }], actions: [{ type: "set_priority", priority: "low" }] });
    const c = await t.incoming(inbox, { contact: "bh-1" });
    expect((await conv(c.conversationId)).priority).toBe("low");
    const open = await t.makeApiInbox();
    const d = await t.incoming(open, { contact: "bh-2" });
    expect((await conv(d.conversationId)).priority).toBe("none");
  });
});

describe("test before saving and webhooks", () => {
  let server: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("testRule lists matches among recent conversations in scope and changes nothing", async () => {
    await clearRules();
    const inbox = await t.makeApiInbox();
    const hit = await t.incoming(inbox, { contact: "tr-1", content: "Refund my order", name: "Rita" });
    await t.incoming(inbox, { contact: "tr-2", content: "Where is it?" });
    const before = await conv(hit.conversationId);
    const res = await testRule(t.db, admin, {
      rule: { name: "T", event: "message.received", inboxIds: [inbox.id], conditions: [{ field: "content", operator: "contains", value: "refund" }], actions: [{ type: "set_priority", priority: "high" }] },
    });
    expect(res.checked).toBe(2);
    expect(res.matches).toEqual([expect.objectContaining({ conversationId: hit.conversationId, number: before.number, contactName: "Rita" })]);
    expect(await conv(hit.conversationId)).toEqual(before);
    const bad = await testRule(t.db, admin, { rule: { name: "", event: "time", actions: [] } }).catch((e) => e);
    expect(Object.keys(bad.fieldErrors)).toEqual(expect.arrayContaining(["rule.name", "rule.actions"]));
  });

  it("send_webhook queues a signed automation.rule_fired POST with the rule's own secret; a refusal becomes lastError", async () => {
    await clearRules();
    const prev = process.env.KONVERSIO_ALLOW_PRIVATE_URLS;
    process.env.KONVERSIO_ALLOW_PRIVATE_URLS = "1";
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const inbox = await t.makeApiInbox();
      const rule = await createRule(t.db, admin, { name: "Hook", event: "message.received", actions: [{ type: "send_webhook", url }] });
      const c = await t.incoming(inbox, { contact: "wh-1", content: "ping" });
      const { rows } = await t.db.execute<{ id: string; data: Parameters<typeof systemDeliverRuleWebhook>[1] }>(
        sql`select id, data from pgboss.job where name = ${QUEUES.automationWebhook} and data->>'conversationId' = ${c.conversationId}`,
      );
      expect(rows).toHaveLength(1);
      await systemDeliverRuleWebhook(t.db, rows[0]!.data, { finalAttempt: false, eventId: rows[0]!.id });
      const got = received.at(-1)!;
      const body = JSON.parse(got.body);
      expect(body).toMatchObject({ event: "automation.rule_fired", id: rows[0]!.id, data: { ruleId: rule.id, conversation: { id: c.conversationId }, message: { content: "ping" } } });
      const ts = got.headers["x-konversio-timestamp"] as string;
      expect(got.headers["x-konversio-signature"]).toBe(signBody(rule.webhookSecret, ts, Buffer.from(got.body)));
      status = 410;
      await systemDeliverRuleWebhook(t.db, rows[0]!.data, { finalAttempt: false, eventId: rows[0]!.id });
      expect((await getRule(t.db, admin, rule.id)).lastError).toMatch(/^Webhook to 127\.0\.0\.1:\d+ failed: Callback answered HTTP 410/);
    } finally {
      status = 200;
      if (prev === undefined) delete process.env.KONVERSIO_ALLOW_PRIVATE_URLS;
      else process.env.KONVERSIO_ALLOW_PRIVATE_URLS = prev;
    }
  });

  it("refuses a private webhook URL at save time", async () => {
    const prev = process.env.KONVERSIO_ALLOW_PRIVATE_URLS;
    process.env.KONVERSIO_ALLOW_PRIVATE_URLS = "";
    const e = await createRule(t.db, admin, { name: "H", event: "message.received", actions: [{ type: "send_webhook", url: "http://127.0.0.1:9/x" }] }).catch((x) => x);
    expect(e.status).toBe(422);
    expect(e.fieldErrors).toHaveProperty(["actions.0.url"]);
    if (prev !== undefined) process.env.KONVERSIO_ALLOW_PRIVATE_URLS = prev;
  });
});
