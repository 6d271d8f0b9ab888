import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inboxes, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/channels/api/signature";
import { deleteInbox } from "@/lib/inboxes/delete";
import { QUEUES } from "@/lib/jobs/queue";
import { setupTestDb } from "@/e2e/support/db";
import type { TestApiInbox } from "@/e2e/support/factories";
import { deliverEvent, deliverMessage } from "./delivery";
import { createMessage, resendMessage } from "./reply";
import { updateConversation } from "./update";

const t = setupTestDb();

type Received = { headers: IncomingHttpHeaders; raw: string; json: Record<string, unknown> };

/** The integrator's callback endpoint: records requests and answers what the test says. */
const receiver = {
  server: undefined as Server | undefined,
  url: "",
  received: [] as Received[],
  reply: { status: 200, body: "ok" },
};

beforeAll(async () => {
  receiver.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(raw);
      } catch {
        /* recorded as raw */
      }
      receiver.received.push({ headers: req.headers, raw, json: json as Record<string, unknown> });
      res.writeHead(receiver.reply.status, { "content-type": "text/plain" }).end(receiver.reply.body);
    });
  });
  await new Promise<void>((resolve) => receiver.server!.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server!.address() as AddressInfo).port}/konversio/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.server?.close(resolve));
});

beforeEach(() => {
  receiver.received = [];
  receiver.reply = { status: 200, body: "ok" };
});

function expectSignedWith(secret: string, r: Received) {
  const timestamp = r.headers[TIMESTAMP_HEADER] as string;
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
  expect(r.headers[SIGNATURE_HEADER]).toBe(signBody(secret, timestamp, r.raw));
}

async function messageRow(id: string) {
  const [m] = await t.db.select().from(messages).where(eq(messages.id, id));
  return m!;
}

async function jobs(queue: string, key: string, value: string) {
  const res = await t.db.execute<{ data: { inboxId: string; conversationId: string; event: string; changes?: string[] }; state: string; id: string }>(
    sql`select id, data, state from pgboss.job where name = ${queue} and data->>${key} = ${value} order by created_on`,
  );
  return res.rows;
}

describe("outbound delivery to the api channel's callbackUrl", () => {
  let inbox: TestApiInbox;
  let admin: Actor;
  let conversationId: string;

  beforeAll(async () => {
    inbox = await t.makeApiInbox({ callbackUrl: receiver.url });
    admin = await t.admin();
    ({ conversationId } = await t.incoming(inbox, { contact: "integrator-user-7", content: "Where is my order?" }));
  });

  it("saves a reply as pending and queues its delivery job in the same transaction", async () => {
    const reply = await createMessage(t.db, admin, conversationId, { content: "Let me check." });
    expect(reply.status).toBe("pending");
    const queued = await jobs(QUEUES.deliverMessage, "messageId", reply.id);
    expect(queued).toHaveLength(1);
    expect(receiver.received).toHaveLength(0);
  });

  it("posts a signed message.created event and marks the reply sent", async () => {
    const reply = await createMessage(t.db, admin, conversationId, { content: "Your order ships today." });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });

    expect(receiver.received).toHaveLength(1);
    const r = receiver.received[0]!;
    expectSignedWith(inbox.webhookSecret, r);
    // The inbound hmacToken must not be what signs outgoing events.
    expect(r.headers[SIGNATURE_HEADER]).not.toBe(signBody(inbox.hmacToken, r.headers[TIMESTAMP_HEADER] as string, r.raw));
    expect(r.json).toMatchObject({
      event: "message.created",
      id: reply.id,
      data: {
        id: reply.id,
        conversationId,
        kind: "outgoing",
        content: "Your order ships today.",
        sender: { id: admin.id, name: admin.name },
        contact: { sourceId: "integrator-user-7" },
      },
    });
    expect(typeof r.json.createdAt).toBe("string");

    const m = await messageRow(reply.id);
    expect(m.status).toBe("sent");
    expect(m.error).toBeNull();
    expect(m.sourceId).toBeTruthy();

    // A second run of the same job (pg-boss redelivery) sends nothing more.
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect(receiver.received).toHaveLength(1);
  });

  it("applies part receipts that arrived while the reply was still being sent, once it is recorded as sent", async () => {
    const reply = await createMessage(t.db, admin, conversationId, { content: "Receipt overtook me" });
    // The provider's receipt for the (only) part came in before the send was recorded: kept, not applied.
    await t.db.update(messages).set({ partStatuses: { [`konversio:${reply.id}`]: { status: "delivered" } } }).where(eq(messages.id, reply.id));
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect((await messageRow(reply.id)).status).toBe("delivered");
  });

  it("keeps a reply pending with the error when the receiver fails transiently, so the queue retries", async () => {
    receiver.reply = { status: 500, body: "database is down" };
    const reply = await createMessage(t.db, admin, conversationId, { content: "Retry me" });
    await expect(deliverMessage(t.db, reply.id, { finalAttempt: false })).rejects.toThrow(/HTTP 500/);
    const m = await messageRow(reply.id);
    expect(m.status).toBe("pending");
    expect(m.error).toContain("HTTP 500");
    expect(m.error).toContain("database is down");
  });

  it("marks the reply failed with the receiver's error on the final attempt, then recovers on resend", async () => {
    receiver.reply = { status: 503, body: "maintenance window" };
    const reply = await createMessage(t.db, admin, conversationId, { content: "Last try" });
    await deliverMessage(t.db, reply.id, { finalAttempt: true });
    let m = await messageRow(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toContain("HTTP 503");
    expect(m.error).toContain("maintenance window");
    // The inbox shows that its channel needs attention.
    let [box] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(box!.status).toBe("error");
    expect(box!.lastError).toContain("HTTP 503");

    const resent = await resendMessage(t.db, admin, conversationId, reply.id);
    expect(resent.status).toBe("pending");
    expect(resent.error).toBeNull();
    expect(await jobs(QUEUES.deliverMessage, "messageId", reply.id)).toHaveLength(2);

    receiver.reply = { status: 200, body: "ok" };
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    m = await messageRow(reply.id);
    expect(m.status).toBe("sent");
    [box] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(box!.status).toBe("active");
    expect(box!.lastError).toBeNull();
  });

  it("fails a reply at once when the receiver refuses it with a 4xx", async () => {
    receiver.reply = { status: 422, body: "unknown contact" };
    const reply = await createMessage(t.db, admin, conversationId, { content: "Refused" });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const m = await messageRow(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toContain("HTTP 422");
    expect(m.error).toContain("unknown contact");
    receiver.reply = { status: 200, body: "ok" };
  });

  it("only resends failed messages", async () => {
    const reply = await createMessage(t.db, admin, conversationId, { content: "Still pending" });
    await expect(resendMessage(t.db, admin, conversationId, reply.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(resendMessage(t.db, admin, conversationId, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
  });

  it("never delivers private notes: status null, no job, deliverMessage ignores them", async () => {
    const note = await createMessage(t.db, admin, conversationId, { content: "Customer is a VIP", private: true });
    expect(note.private).toBe(true);
    expect(note.status).toBeNull();
    expect(await jobs(QUEUES.deliverMessage, "messageId", note.id)).toHaveLength(0);
    await deliverMessage(t.db, note.id, { finalAttempt: true });
    expect(receiver.received).toHaveLength(0);
    const m = await messageRow(note.id);
    expect(m.status).toBeNull();
    expect(m.error).toBeNull();
  });

  it("queues a conversation.updated event on status/assignee changes and posts it signed", async () => {
    // (Replying earlier made the admin the assignee; hand it to an agent of the inbox.)
    const agent = await t.makeAgent({ name: "Ana Agent" });
    await t.setAgents(inbox.id, [agent.id]);
    await updateConversation(t.db, admin, conversationId, { status: "resolved", assigneeId: agent.id });
    const queued = await jobs(QUEUES.deliverEvent, "conversationId", conversationId);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data).toMatchObject({ inboxId: inbox.id, event: "conversation.updated" });
    expect(queued[0]!.data.changes).toEqual(expect.arrayContaining(["status", "assigneeId"]));

    await deliverEvent(t.db, queued[0]!.data, { finalAttempt: false, eventId: queued[0]!.id });
    expect(receiver.received).toHaveLength(1);
    const r = receiver.received[0]!;
    expectSignedWith(inbox.webhookSecret, r);
    expect(r.json).toMatchObject({
      event: "conversation.updated",
      data: { id: conversationId, status: "resolved", assigneeId: agent.id, inboxId: inbox.id },
    });

    // A priority change alone is not forwarded.
    await updateConversation(t.db, admin, conversationId, { priority: "high" });
    expect(await jobs(QUEUES.deliverEvent, "conversationId", conversationId)).toHaveLength(1);
  });

  it("retries events on 5xx and drops them after the final attempt", async () => {
    receiver.reply = { status: 502, body: "bad gateway" };
    const data = { inboxId: inbox.id, conversationId, event: "conversation.updated", changes: ["status"] };
    await expect(deliverEvent(t.db, data, { finalAttempt: false, eventId: "job-1" })).rejects.toThrow(/HTTP 502/);
    receiver.reply = { status: 200, body: "ok" };
    await deliverEvent(t.db, data, { finalAttempt: false, eventId: "job-1" });
    // Every attempt of one event carries the same id, so the receiver can drop a repeat.
    expect(new Set(receiver.received.map((r) => (r.json as { id: string }).id))).toEqual(new Set(["job-1"]));
    receiver.reply = { status: 502, body: "bad gateway" };
    await expect(deliverEvent(t.db, data, { finalAttempt: true, eventId: "job-2" })).resolves.toBeUndefined();
  });
});

describe("delivery without a callback or after deletion", () => {
  it("marks a reply sent once stored when the inbox has no callbackUrl, and queues no events", async () => {
    const inbox = await t.makeApiInbox();
    const admin = await t.admin();
    const { conversationId } = await t.incoming(inbox, { contact: "no-callback" });
    const reply = await createMessage(t.db, admin, conversationId, { content: "Hello" });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect((await messageRow(reply.id)).status).toBe("sent");
    await updateConversation(t.db, admin, conversationId, { status: "resolved" });
    expect(await jobs(QUEUES.deliverEvent, "conversationId", conversationId)).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("fails a queued reply whose inbox was deleted before delivery, without calling out", async () => {
    const inbox = await t.makeApiInbox({ callbackUrl: receiver.url });
    const admin = await t.admin();
    const { conversationId } = await t.incoming(inbox, { contact: "deleted-later" });
    const reply = await createMessage(t.db, admin, conversationId, { content: "Too late" });
    await deleteInbox(t.db, admin, inbox.id);
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const m = await messageRow(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toMatch(/deleted/);
    expect(receiver.received).toHaveLength(0);
  });
});
