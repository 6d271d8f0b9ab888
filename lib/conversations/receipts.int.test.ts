import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { deliverMessage } from "./delivery";
import { applyStatus } from "./ingest";
import { createMessage } from "./reply";

const t = setupTestDb();

const statusOf = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!;

describe("delivery receipts that overtake our own bookkeeping", () => {
  it("a receipt that arrives while the send is still finishing (by our message id) is kept when the send records its result", async () => {
    // The provider reports delivery before it even answers our send request.
    let inbox: { id: string } = { id: "" };
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const id = (JSON.parse(body) as { data: { id: string } }).data.id;
        void applyStatus(t.db, inbox, { type: "status", sourceId: "not-stored-yet", messageId: id, status: "delivered" }).then(() => res.writeHead(200).end("ok"));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      inbox = await t.makeApiInbox({ callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
      const { conversationId } = await t.incoming(inbox, { contact: "fast-receipts" });
      const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Quick one" });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const after = await statusOf(reply.id);
      expect(after.status).toBe("delivered");
      expect(after.sourceId).toBe(`konversio:${reply.id}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("a receipt for a provider id that is about to be stored waits briefly and then applies", async () => {
    const inbox = await t.makeApiInbox();
    const { conversationId } = await t.incoming(inbox, { contact: "racing-receipts" });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Racing" });
    // The provider id is stored 200 ms after the receipt arrives (as if the send were still finishing).
    setTimeout(() => void t.db.update(messages).set({ status: "sent", sourceId: "prov-42" }).where(eq(messages.id, reply.id)).then(() => {}), 200);
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: "prov-42", status: "read" })).toBe(true);
    expect((await statusOf(reply.id)).status).toBe("read");
  });

  it("a receipt for an id nobody is sending is dropped at once", async () => {
    const inbox = await t.makeApiInbox();
    const started = Date.now();
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: "never-sent", status: "delivered" })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("receipts of a reply sent in parts", () => {
  const part = (messageId: string, sourceId: string, status: "sent" | "delivered" | "failed", error?: string) =>
    ({ type: "status", part: true, messageId, sourceId, status, ...(error ? { error } : {}) }) as const;

  it("keeps a part's receipt that arrives while later parts are still being sent, and settles the reply over all parts once sent", async () => {
    const inbox = await t.makeApiInbox();
    const { conversationId } = await t.incoming(inbox, { contact: "parts-early" });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Long" });
    await t.db.update(messages).set({ sentParts: ["p1"] }).where(eq(messages.id, reply.id));
    // Part 1 is delivered while part 2 is still on its way: nothing to show yet, but it is kept.
    expect(await applyStatus(t.db, inbox, part(reply.id, "p1", "delivered"))).toBe(false);
    const early = await statusOf(reply.id);
    expect(early.status).toBe("pending");
    expect(early.partStatuses).toEqual({ p1: { status: "delivered" } });
    await t.db.update(messages).set({ status: "sent", sourceId: "p1", sentParts: ["p1", "p2"] }).where(eq(messages.id, reply.id));
    // Part 2's "sent" leaves the reply sent; its "delivered" completes it.
    await applyStatus(t.db, inbox, part(reply.id, "p2", "sent"));
    expect((await statusOf(reply.id)).status).toBe("sent");
    expect(await applyStatus(t.db, inbox, part(reply.id, "p2", "delivered"))).toBe(true);
    expect((await statusOf(reply.id)).status).toBe("delivered");
  });

  it("a part's receipt that overtakes the end of the send waits for it, then applies", async () => {
    const inbox = await t.makeApiInbox();
    const { conversationId } = await t.incoming(inbox, { contact: "parts-racing" });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Long" });
    await t.db.update(messages).set({ sentParts: ["q1"], partStatuses: { q1: { status: "delivered" } } }).where(eq(messages.id, reply.id));
    setTimeout(() => void t.db.update(messages).set({ status: "sent", sourceId: "q1", sentParts: ["q1", "q2"] }).where(eq(messages.id, reply.id)).then(() => {}), 200);
    expect(await applyStatus(t.db, inbox, part(reply.id, "q2", "failed", "Blocked as spam"))).toBe(true);
    const m = await statusOf(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toBe("Part 2 of 2 did not reach the customer: Blocked as spam");
    // A later receipt of a delivered part does not hide the failure.
    expect(await applyStatus(t.db, inbox, part(reply.id, "q1", "delivered"))).toBe(false);
    expect((await statusOf(reply.id)).status).toBe("failed");
  });

  it("a failure of a send the agent already saw fail is not replaced by the receipts of the parts that arrived", async () => {
    const inbox = await t.makeApiInbox();
    const { conversationId } = await t.incoming(inbox, { contact: "parts-send-failed" });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Long" });
    await t.db.update(messages).set({ status: "failed", error: "Only part of this reply reached the customer", sourceId: "r1", sentParts: ["r1"] }).where(eq(messages.id, reply.id));
    expect(await applyStatus(t.db, inbox, part(reply.id, "r1", "delivered"))).toBe(false);
    expect(await statusOf(reply.id)).toMatchObject({ status: "failed", error: "Only part of this reply reached the customer" });
  });
});
