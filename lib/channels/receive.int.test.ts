import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { deleteInbox } from "@/lib/inboxes/delete";
import { regenerateInboxValue } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import type { TestApiInbox } from "@/e2e/support/factories";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "./receive";

const t = setupTestDb();

const payload = (msg: string, contact = "visitor-1") => ({
  contact: { sourceId: contact, name: "Vera Visitor", email: "vera@example.com" },
  message: { sourceId: msg, content: `Hello from ${msg}` },
});

async function messageCount() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(messages);
  return r!.n;
}

describe("api channel webhook (receiveWebhook)", () => {
  let inbox: TestApiInbox;
  beforeAll(async () => {
    inbox = await t.makeApiInbox({ name: "Webhook target" });
  });

  it("answers 404 for an unknown inbox or an unbuilt channel type, storing nothing", async () => {
    const before = await messageCount();
    const req = t.signedRequest(inbox, payload("m-404"));
    expect((await receiveWebhook(t.db, "api", "no-such-inbox", req)).status).toBe(404);
    expect((await receiveWebhook(t.db, "api", "x".repeat(200), req)).status).toBe(404);
    expect((await receiveWebhook(t.db, "telegram", inbox.inboxIdentifier, req)).status).toBe(404);
    expect(await messageCount()).toBe(before);
  });

  it("answers 401 for a missing or wrong signature or timestamp, storing nothing", async () => {
    const before = await messageCount();
    const body = payload("m-401");
    const cases = [
      t.signedRequest(inbox, body, { omitSignature: true }),
      t.signedRequest(inbox, body, { omitTimestamp: true }),
      t.signedRequest(inbox, body, { secret: "not-the-hmac-token" }),
      // The webhookSecret signs the outgoing direction only.
      t.signedRequest(inbox, body, { secret: inbox.webhookSecret }),
    ];
    // A signature over other bytes than the ones sent.
    const tampered = t.signedRequest(inbox, body);
    tampered.body = Buffer.from(JSON.stringify(payload("m-401-evil")));
    cases.push(tampered);
    for (const req of cases) {
      const res = await receiveWebhook(t.db, "api", inbox.inboxIdentifier, req);
      expect(res.status).toBe(401);
    }
    expect(await messageCount()).toBe(before);
  });

  it("treats a stale or far-future timestamp as a bad signature (401)", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 6 * 60, now + 6 * 60]) {
      const res = await t.postWebhook(inbox, payload(`m-stale-${timestamp}`), { timestamp });
      expect(res.status).toBe(401);
    }
    // Within the ±5 minute window it is accepted.
    expect((await t.postWebhook(inbox, payload("m-skew-ok"), { timestamp: now - 4 * 60 })).status).toBe(201);
  });

  it("answers 400 for a correctly signed body that is not JSON", async () => {
    const res = await t.postWebhook(inbox, "{not json");
    expect(res.status).toBe(400);
    expect(res).toMatchObject({ issues: ["Body is not valid JSON"] });
  });

  it("answers 400 with the field issues for JSON of the wrong shape", async () => {
    const before = await messageCount();
    const res = await t.postWebhook(inbox, { contact: { name: "No id" }, message: { sourceId: "m-x", content: "" } });
    expect(res.status).toBe(400);
    if (res.status !== 400) return;
    expect(res.issues.some((i) => i.startsWith("contact.sourceId"))).toBe(true);
    expect(res.issues.some((i) => i.startsWith("message.content"))).toBe(true);
    expect(await messageCount()).toBe(before);
  });

  it("answers 413 for a body over the size limit", async () => {
    const res = await t.postWebhook(inbox, "x".repeat(MAX_WEBHOOK_BYTES + 1));
    expect(res.status).toBe(413);
  });

  it("stores a valid message (201) and answers a repeat with the same ids (200)", async () => {
    const before = await messageCount();
    const first = await t.postWebhook(inbox, payload("m-valid"));
    expect(first.status).toBe(201);
    if (first.status !== 201) return;
    const ids = first.body as { conversationId: string; messageId: string };
    expect(ids.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids.messageId).toMatch(/^[0-9a-f-]{36}$/);

    // A retry is signed afresh (new timestamp) but carries the same message.sourceId.
    const again = await t.postWebhook(inbox, payload("m-valid"));
    expect(again).toEqual({ status: 200, body: ids });
    expect(await messageCount()).toBe(before + 1);
  });

  it("stops accepting the old hmacToken once it is regenerated", async () => {
    const box = await t.makeApiInbox();
    const updated = (await regenerateInboxValue(t.db, await t.admin(), box.id, "hmacToken")) as unknown as TestApiInbox;
    expect(updated.hmacToken).not.toBe(box.hmacToken);
    expect((await t.postWebhook(box, payload("m-regen"))).status).toBe(401);
    expect((await t.postWebhook({ ...box, hmacToken: updated.hmacToken }, payload("m-regen"))).status).toBe(201);
  });

  it("answers 410 for a deleted inbox and stores nothing, even when correctly signed", async () => {
    const box = await t.makeApiInbox({ name: "Soon deleted" });
    expect((await t.postWebhook(box, payload("m-before-delete"))).status).toBe(201);
    await deleteInbox(t.db, await t.admin(), box.id);
    const before = await messageCount();
    const res = await t.postWebhook(box, payload("m-after-delete"));
    expect(res.status).toBe(410);
    expect(await messageCount()).toBe(before);
  });
});
