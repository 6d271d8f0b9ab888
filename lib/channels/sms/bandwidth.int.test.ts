import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inboxes } from "@/db/schema";
import {
  addBandwidthMedia,
  BANDWIDTH_TEST,
  bandwidthError,
  bandwidthEvent,
  bandwidthMessageId,
  basicHeader,
  createBandwidthFake,
  type BandwidthFake,
} from "@/e2e/fakes/bandwidth";
import type { Actor } from "@/lib/access/actor";
import { deliverMessage, RetryDelivery } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { AppError } from "@/lib/errors";
import { inboxContext } from "@/lib/inboxes/context";
import { createInbox } from "@/lib/inboxes/create";
import { getInbox } from "@/lib/inboxes/queries";
import { regenerateInboxValue, updateInbox } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { PermanentDeliveryError } from "../types";
import { smsAdapter } from "./adapter";
import { inboxRow, messageRow, messagesOf, postSms } from "@/e2e/support/channels/sms";

const t = setupTestDb();
let fake: BandwidthFake;
let admin: Actor;

beforeAll(async () => {
  fake = createBandwidthFake();
  process.env.BANDWIDTH_API_URL = await fake.start();
  admin = await t.admin();
});
afterAll(async () => {
  await fake.close();
  delete process.env.BANDWIDTH_API_URL;
});
beforeEach(() => fake.reset());

type SmsInbox = Awaited<ReturnType<typeof createInbox>> & { callbackUsername: string; callbackPassword: string };
type SmsCtx = Parameters<typeof smsAdapter.send>[1];

const bandwidthChannel = (over: Record<string, unknown> = {}) => ({
  type: "sms",
  provider: "bandwidth",
  accountId: BANDWIDTH_TEST.accountId,
  applicationId: BANDWIDTH_TEST.applicationId,
  apiToken: BANDWIDTH_TEST.apiToken,
  apiSecret: BANDWIDTH_TEST.apiSecret,
  phoneNumber: BANDWIDTH_TEST.phoneNumber,
  ...over,
});

async function liveSmsInboxes() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(inboxes).where(sql`${inboxes.deletedAt} is null and ${inboxes.channelType} = 'sms'`);
  return r!.n;
}

function rejection(e: unknown) {
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** A callback as Bandwidth posts it: a JSON array, with the callback credentials as HTTP Basic. */
function post(inbox: SmsInbox, events: unknown[] | string, auth: { user?: string; password?: string } | null = {}) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "user-agent": "BandwidthAPI/v2" };
  if (auth) headers.authorization = basicHeader(auth.user ?? inbox.callbackUsername, auth.password ?? inbox.callbackPassword);
  return postSms(t.db, inbox, typeof events === "string" ? events : JSON.stringify(events), headers);
}

describe("creating a Bandwidth SMS inbox", () => {
  it("checks the API credentials with Bandwidth and generates callback credentials", async () => {
    const inbox = (await createInbox(t.db, admin, { name: "Bandwidth SMS", channel: bandwidthChannel() })) as SmsInbox;
    expect(inbox).toMatchObject({
      channelType: "sms",
      status: "active",
      config: { provider: "bandwidth", accountId: BANDWIDTH_TEST.accountId, applicationId: BANDWIDTH_TEST.applicationId, phoneNumber: BANDWIDTH_TEST.phoneNumber },
      credentials: { apiToken: "••••7f3a", apiSecret: "••••1d9e" },
    });
    expect(inbox.config).not.toHaveProperty("apiToken");
    expect(inbox.config).not.toHaveProperty("apiSecret");
    expect(inbox.callbackUsername).toMatch(/^konversio-[0-9a-f]{8}$/);
    expect(inbox.callbackPassword.length).toBeGreaterThanOrEqual(24);
    expect((await inboxRow(t.db, inbox.id)).channelKey).toBe(`sms:bandwidth:${BANDWIDTH_TEST.phoneNumber}`);

    const [check] = fake.requests;
    expect(check).toMatchObject({ method: "GET", path: `/api/v2/users/${BANDWIDTH_TEST.accountId}/messages`, query: { limit: "1" } });
    expect(check!.headers.authorization).toBe(basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret));

    // Administrators read them back (API and Configuration tab); the number cannot be attached twice.
    expect(await getInbox(t.db, admin, inbox.id)).toMatchObject({ callbackUsername: inbox.callbackUsername, callbackPassword: inbox.callbackPassword });
    await expect(createInbox(t.db, admin, { name: "Twice", channel: bandwidthChannel() })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses wrong credentials or another account's with Bandwidth's words, creating nothing", async () => {
    const before = await liveSmsInboxes();
    const wrong = rejection(await createInbox(t.db, admin, { name: "W", channel: bandwidthChannel({ apiSecret: "nope", phoneNumber: "+19195550100" }) }).catch((e) => e));
    expect(wrong.code).toBe("credentials_rejected");
    expect(wrong.message).toBe("Bandwidth refused the API token or secret: Authentication Failed");
    const other = rejection(
      await createInbox(t.db, admin, { name: "O", channel: bandwidthChannel({ accountId: BANDWIDTH_TEST.otherAccountId, phoneNumber: "+19195550100" }) }).catch((e) => e),
    );
    expect(other.message).toContain("Access Denied");
    expect(await liveSmsInboxes()).toBe(before);
  });

  it("validates the fields before asking Bandwidth", async () => {
    const bad = async (over: Record<string, unknown>) => rejection(await createInbox(t.db, admin, { name: "B", channel: bandwidthChannel(over) }).catch((e) => e));
    expect((await bad({ accountId: "acct" })).fieldErrors).toHaveProperty(["channel.accountId"]);
    expect((await bad({ applicationId: "app-1" })).fieldErrors).toHaveProperty(["channel.applicationId"]);
    expect((await bad({ apiSecret: "" })).fieldErrors).toHaveProperty(["channel.apiSecret"]);
    expect((await bad({ phoneNumber: "919-555-0142" })).fieldErrors).toHaveProperty(["channel.phoneNumber"]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("a Bandwidth inbox at work", () => {
  let inbox: SmsInbox;
  const customer = "+19195550777";
  const ours = "+19195550143";

  beforeAll(async () => {
    fake.state.accounts[BANDWIDTH_TEST.accountId]!.numbers.push(ours);
    inbox = (await createInbox(t.db, admin, { name: "Bandwidth desk", channel: bandwidthChannel({ phoneNumber: ours }) })) as SmsInbox;
  });

  async function ctx() {
    return inboxContext(await inboxRow(t.db, inbox.id)) as SmsCtx;
  }
  const received = (id: string, over: Partial<Parameters<typeof bandwidthEvent>[1]> = {}) =>
    bandwidthEvent("message-received", { id, from: customer, to: ours, text: "Hello from Raleigh", ...over });

  it("stores a message-received once", async () => {
    const id = bandwidthMessageId();
    const res = await post(inbox, [received(id)]);
    expect(res.status).toBe(200);
    expect((await post(inbox, [received(id)])).status).toBe(200);
    const stored = (await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "incoming", content: "Hello from Raleigh" });
  });

  it("rejects callbacks without the generated credentials (401), storing nothing", async () => {
    const before = (await messagesOf(t.db, inbox.id)).length;
    const events = [received(bandwidthMessageId())];
    for (const auth of [null, { password: "wrong" }, { user: "konversio-00000000" }, { user: "", password: "" }]) {
      expect((await post(inbox, events, auth)).status).toBe(401);
    }
    // A password that merely starts right, and a header that is not Basic.
    expect((await post(inbox, events, { password: inbox.callbackPassword + "x" })).status).toBe(401);
    const bearer = await postSms(t.db, inbox, JSON.stringify(events), { "content-type": "application/json", authorization: `Bearer ${inbox.callbackPassword}` });
    expect(bearer.status).toBe(401);
    expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);
  });

  it("stores one message when the same callback arrives five times at once", async () => {
    const id = bandwidthMessageId();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(inbox, [received(id, { text: "dup" })])));
    for (const r of results) expect(r.status).toBe(200);
    expect((await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === id)).toHaveLength(1);
  });

  it("acknowledges malformed bodies and unused events without storing anything", async () => {
    const before = (await messagesOf(t.db, inbox.id)).length;
    expect((await post(inbox, "{not json")).status).toBe(200);
    expect((await post(inbox, JSON.stringify({ type: "message-received" }))).status).toBe(200);
    expect((await post(inbox, [{ type: "message-received", message: { text: "no id" } }])).status).toBe(200);
    expect((await post(inbox, [{ ...received(bandwidthMessageId()), type: "message-read-receipt" }])).status).toBe(200);
    // Our own number as sender is an echo, never a customer.
    expect((await post(inbox, [received(bandwidthMessageId(), { from: ours })])).status).toBe(200);
    expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);

    // One unreadable event does not drop a readable neighbour.
    const id = bandwidthMessageId();
    expect((await post(inbox, [{ type: "message-received" }, received(id, { text: "still here" })])).status).toBe(200);
    expect((await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === id)).toHaveLength(1);
  });

  it("turns MMS media into refs (skipping SMIL/XML parts) and downloads them with the API credentials", async () => {
    const id = bandwidthMessageId();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
    const image = addBandwidthMedia(fake, { messageId: id, file: "photo.png", contentType: "image/png", bytes: png });
    const smil = addBandwidthMedia(fake, { messageId: id, file: "0.smil", contentType: "application/smil", bytes: Buffer.from("<smil/>") });
    const parsed = smsAdapter.webhook!.parse(
      { method: "POST", url: inbox.webhookUrl!, headers: new Headers(), query: new URLSearchParams(), body: Buffer.from(JSON.stringify([received(id, { text: "", media: [image, smil] })])) },
      await ctx(),
    );
    expect(parsed).toMatchObject({
      ok: true,
      events: [{ type: "message", contact: { sourceId: customer, phone: customer }, message: { sourceId: id, content: "", media: [{ ref: image, kind: "image", contentType: "image/png", name: "photo.png" }] } }],
    });

    const file = await smsAdapter.fetchMedia!(image, await ctx());
    expect(Buffer.from(file.bytes)).toEqual(png);
    expect(file).toMatchObject({ contentType: "image/png", name: "photo.png" });
    const get = fake.calls("GET /api/v2/users")[0]!;
    expect(get.headers.authorization).toBe(basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret));
    await expect(smsAdapter.fetchMedia!("https://evil.example/api/v2/users/9900001/media/x.png", await ctx())).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(smsAdapter.fetchMedia!(image.replace(BANDWIDTH_TEST.accountId, BANDWIDTH_TEST.otherAccountId), await ctx())).rejects.toThrow(/not one of this Bandwidth account's files/);
  });

  describe("replies", () => {
    let conversationId: string;
    beforeAll(async () => {
      conversationId = (await messagesOf(t.db, inbox.id))[0]!.conversationId;
    });

    it("posts the reply to the Messaging API with the application, the numbers and our message id as tag", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: "Thanks, we're on it." });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const calls = fake.calls("POST");
      expect(calls).toHaveLength(1);
      expect(calls[0]!.path).toBe(`/api/v2/users/${BANDWIDTH_TEST.accountId}/messages`);
      expect(calls[0]!.headers.authorization).toBe(basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret));
      expect(calls[0]!.json).toEqual({ applicationId: BANDWIDTH_TEST.applicationId, to: [customer], from: ours, text: "Thanks, we're on it.", tag: reply.id });
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("sent");
      expect(m.sourceId).toMatch(/^\d{13}[0-9a-f]{12}$/);
    });

    it("updates the tick from message-delivered and reports message-failed in plain words", async () => {
      const a = await createMessage(t.db, admin, conversationId, { content: "First" });
      const b = await createMessage(t.db, admin, conversationId, { content: "Second" });
      await deliverMessage(t.db, a.id, { finalAttempt: false });
      await deliverMessage(t.db, b.id, { finalAttempt: false });
      const idA = (await messageRow(t.db, a.id)).sourceId!;
      const idB = (await messageRow(t.db, b.id)).sourceId!;
      const before = (await messagesOf(t.db, inbox.id)).length;
      const res = await post(inbox, [
        bandwidthEvent("message-sending", { id: idA, from: ours, to: customer }),
        bandwidthEvent("message-delivered", { id: idA, from: ours, to: customer }),
        bandwidthEvent("message-failed", { id: idB, from: ours, to: customer, errorCode: 4775, description: "destination-rejected-handset" }),
      ]);
      expect(res.status).toBe(200);
      expect((await messageRow(t.db, a.id)).status).toBe("delivered");
      const failed = await messageRow(t.db, b.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toBe("The customer has opted out of messages from this number (they replied STOP)");
      expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);

      // The words follow Bandwidth's error table: 4434 is a toll-free number, 4770 the carrier's spam block,
      // 4301 invalid encoding; a code without known words keeps Bandwidth's description.
      const cases: [number, string, string][] = [
        [4434, "rejected-forbidden-tollfree-for-recipient", "Messages to this toll-free number are not allowed: it is not enabled for messaging or not active"],
        [4770, "destination-spam-detected", "The customer's carrier blocked the message as spam"],
        [4301, "malformed-invalid-encoding", "The message contains characters that cannot be encoded for the customer's carrier (invalid encoding)"],
        [4998, "some-new-code", "Bandwidth could not deliver the message: some-new-code (error 4998)"],
      ];
      for (const [errorCode, description, words] of cases) {
        const c = await createMessage(t.db, admin, conversationId, { content: `Code ${errorCode}` });
        await deliverMessage(t.db, c.id, { finalAttempt: false });
        await post(inbox, [bandwidthEvent("message-failed", { id: (await messageRow(t.db, c.id)).sourceId!, from: ours, to: customer, errorCode, description })]);
        expect((await messageRow(t.db, c.id)).error).toBe(words);
      }
    });

    /** About 4,700 characters of words, with emoji and combining accents spread through them. */
    const longReply = Array.from({ length: 620 }, (_, i) => (i % 37 === 0 ? "Cafe\u0301" : i % 23 === 0 ? "👍🏽" : `word${i}`)).join(" ");

    it("the fake refuses a text over 2,048 characters with Bandwidth's request-validation error, as Bandwidth does", async () => {
      const res = await fetch(`${process.env.BANDWIDTH_API_URL}/api/v2/users/${BANDWIDTH_TEST.accountId}/messages`, {
        method: "POST",
        headers: { authorization: basicHeader(BANDWIDTH_TEST.apiToken, BANDWIDTH_TEST.apiSecret), "content-type": "application/json" },
        body: JSON.stringify({ applicationId: BANDWIDTH_TEST.applicationId, to: [customer], from: ours, text: "x".repeat(2047) + "😀" }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        type: "request-validation",
        description: "Your request could not be accepted",
        fieldErrors: [{ fieldName: "text", description: "'text' must be 2048 characters or less" }],
      });
    });

    it("sends a reply over 2,048 characters as ordered parts within the limit, and tracks its status over all parts", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: longReply });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const calls = fake.calls("POST");
      expect(calls).toHaveLength(3);
      const texts = calls.map((c) => (c.json as { text: string; tag: string }).text);
      for (const text of texts) expect(text.length).toBeLessThanOrEqual(2048);
      expect(texts.join(" ")).toBe(longReply);
      for (const c of calls) expect((c.json as { tag: string }).tag).toBe(reply.id);
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("sent");
      expect(m.sentParts).toHaveLength(3);
      expect(m.sourceId).toBe(m.sentParts[0]);

      const [p1, p2, p3] = m.sentParts as [string, string, string];
      const event = (type: "message-delivered" | "message-failed", id: string, more: { errorCode?: number; description?: string } = {}) =>
        bandwidthEvent(type, { id, from: ours, to: customer, tag: reply.id, ...more });
      await post(inbox, [event("message-delivered", p1), event("message-delivered", p3)]);
      expect((await messageRow(t.db, reply.id)).status).toBe("sent");
      await post(inbox, [event("message-delivered", p2)]);
      expect((await messageRow(t.db, reply.id)).status).toBe("delivered");

      const other = await createMessage(t.db, admin, conversationId, { content: longReply });
      await deliverMessage(t.db, other.id, { finalAttempt: false });
      const parts = (await messageRow(t.db, other.id)).sentParts;
      await post(inbox, [
        bandwidthEvent("message-delivered", { id: parts[0]!, from: ours, to: customer, tag: other.id }),
        bandwidthEvent("message-failed", { id: parts[2]!, from: ours, to: customer, tag: other.id, errorCode: 4470, description: "rejected-spam-detected" }),
      ]);
      const failed = await messageRow(t.db, other.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toBe("Part 3 of 3 did not reach the customer: Bandwidth blocked the message as spam");
    });

    it("retries a throttled send after Bandwidth's Retry-After, then delivers exactly once", async () => {
      fake.fail({ match: "POST /api/v2", status: 429, body: { type: "too-many-requests", description: "Rate limit exceeded" }, headers: { "retry-after": "12" } });
      const reply = await createMessage(t.db, admin, conversationId, { content: "Throttled" });
      const err = await deliverMessage(t.db, reply.id, { finalAttempt: false }).catch((e) => e);
      expect(err).toBeInstanceOf(RetryDelivery);
      expect(err.retryAfterSeconds).toBe(12);
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      expect((await messageRow(t.db, reply.id)).status).toBe("sent");
      expect(fake.calls("POST")).toHaveLength(2);
    });

    it("fails at once with Bandwidth's field errors when it refuses the message", async () => {
      fake.fail({
        match: "POST /api/v2",
        ...bandwidthError(400, "request-validation", "Your request could not be accepted", [{ fieldName: "to", description: "'+1555' must be replaced with a valid E164 formatted telephone number" }]),
      });
      const reply = await createMessage(t.db, admin, conversationId, { content: "Invalid" });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("failed");
      expect(m.error).toBe("Bandwidth refused the message: Your request could not be accepted (to: '+1555' must be replaced with a valid E164 formatted telephone number)");
      expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
    });

    it("marks the inbox as needing attention when the API credentials are revoked, and recovers on rotation", async () => {
      const account = fake.state.accounts[BANDWIDTH_TEST.accountId]!;
      account.apiSecret = "rotated-secret";
      try {
        const reply = await createMessage(t.db, admin, conversationId, { content: "Hello?" });
        await deliverMessage(t.db, reply.id, { finalAttempt: false });
        expect(await messageRow(t.db, reply.id)).toMatchObject({ status: "failed", error: "Bandwidth refused the inbox's API credentials: Authentication Failed" });
        expect(await inboxRow(t.db, inbox.id)).toMatchObject({ status: "error", lastError: "Bandwidth refused the inbox's API credentials: Authentication Failed" });
        await expect(updateInbox(t.db, admin, inbox.id, { channel: { apiSecret: "still-wrong" } })).rejects.toMatchObject({ code: "credentials_rejected" });
        await updateInbox(t.db, admin, inbox.id, { channel: { apiSecret: "rotated-secret" } });
        expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
      } finally {
        account.apiSecret = BANDWIDTH_TEST.apiSecret;
        await updateInbox(t.db, admin, inbox.id, { channel: { apiSecret: BANDWIDTH_TEST.apiSecret } });
      }
    });

    it("sends attachments as media URLs Bandwidth fetches", async () => {
      const { sourceId } = await smsAdapter.send(
        {
          id: "00000000-0000-4000-8000-000000000003",
          conversationId,
          conversationNumber: 1,
          content: "",
          createdAt: new Date(),
          sender: null,
          contact: { id: "c", sourceId: customer, name: null, email: null, phone: customer },
          attachments: [{ id: "a", name: "menu.pdf", contentType: "application/pdf", size: 2000, publicUrl: "http://localhost:3999/api/attachments/a?expires=1&signature=s", read: async () => Buffer.alloc(0) }],
        },
        await ctx(),
      );
      expect(sourceId).toBeTruthy();
      expect(fake.calls("POST")[0]!.json).toMatchObject({ media: ["http://localhost:3999/api/attachments/a?expires=1&signature=s"], text: "" });
    });
  });

  it("regenerating the callback password locks out the old one at once", async () => {
    const updated = (await regenerateInboxValue(t.db, admin, inbox.id, "callbackPassword")) as SmsInbox;
    expect(updated.callbackPassword).not.toBe(inbox.callbackPassword);
    const id = bandwidthMessageId();
    expect((await post(inbox, [received(id)])).status).toBe(401);
    expect((await post(updated, [received(id)])).status).toBe(200);
  });
});
