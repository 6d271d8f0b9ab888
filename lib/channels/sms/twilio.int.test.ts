import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inboxes } from "@/db/schema";
import {
  addTwilioMedia,
  createTwilioFake,
  signTwilioRequest,
  TWILIO_TEST,
  twilioError,
  twilioInboundParams,
  twilioMessageSid,
  twilioStatusParams,
  type TwilioFake,
} from "@/e2e/fakes/twilio";
import type { Actor } from "@/lib/access/actor";
import { deliverMessage, RetryDelivery } from "@/lib/conversations/delivery";
import { uploadAgentAttachment } from "@/lib/conversations/agent-attachments";
import { createMessage, resendMessage } from "@/lib/conversations/reply";
import { AppError } from "@/lib/errors";
import { inboxContext } from "@/lib/inboxes/context";
import { createInbox } from "@/lib/inboxes/create";
import { updateInbox } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { PermanentDeliveryError, type OutboundMessage } from "../types";
import { smsAdapter } from "./adapter";
import { inboxRow, messageRow, messagesOf, postSms } from "@/e2e/support/channels/sms";
import { twilioSignature } from "./twilio/sign";

const t = setupTestDb();
let fake: TwilioFake;
let admin: Actor;

beforeAll(async () => {
  fake = createTwilioFake();
  process.env.TWILIO_API_URL = await fake.start();
  admin = await t.admin();
});
afterAll(async () => {
  await fake.close();
  delete process.env.TWILIO_API_URL;
});
beforeEach(() => fake.reset());

type SmsInbox = Awaited<ReturnType<typeof createInbox>>;
type SmsCtx = Parameters<typeof smsAdapter.send>[1];

const twilioChannel = (over: Record<string, unknown> = {}) => ({
  type: "sms",
  provider: "twilio",
  accountSid: TWILIO_TEST.accountSid,
  authToken: TWILIO_TEST.authToken,
  phoneNumber: TWILIO_TEST.phoneNumber,
  ...over,
});

async function liveInboxCount() {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(inboxes).where(sql`${inboxes.deletedAt} is null and ${inboxes.channelType} = 'sms'`);
  return r!.n;
}

function rejection(e: unknown) {
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** A webhook signed like Twilio signs it (for the inbox's URL, with its Auth Token unless told otherwise). */
function post(inbox: SmsInbox, params: [string, string][], opts: { token?: string; url?: string; omit?: boolean; body?: string } = {}) {
  const signed = signTwilioRequest(opts.url ?? inbox.webhookUrl!, opts.token ?? TWILIO_TEST.authToken, params);
  const headers: Record<string, string> = { ...signed.headers };
  if (opts.omit) delete headers["x-twilio-signature"];
  return postSms(t.db, inbox, opts.body ?? signed.body, headers);
}

describe("Twilio signature", () => {
  it("matches the example from Twilio's SDK test suite", () => {
    const params: [string, string][] = [
      ["CallSid", "CA1234567890ABCDE"],
      ["Caller", "+14158675309"],
      ["Digits", "1234"],
      ["From", "+14158675309"],
      ["To", "+18005551212"],
    ];
    expect(twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    // Order of arrival does not matter; the URL and every value do.
    expect(twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", [...params].reverse())).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    expect(twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", params)).not.toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });
});

describe("creating a Twilio SMS inbox", () => {
  it("checks the account and the number with Twilio, then stores the token encrypted", async () => {
    const inbox = await createInbox(t.db, admin, { name: "SMS support", channel: twilioChannel() });
    expect(inbox).toMatchObject({ channelType: "sms", status: "active", config: { provider: "twilio", accountSid: TWILIO_TEST.accountSid, phoneNumber: TWILIO_TEST.phoneNumber } });
    expect(inbox.config).not.toHaveProperty("authToken");
    expect(inbox.credentials).toMatchObject({ authToken: `••••${TWILIO_TEST.authToken.slice(-4)}` });
    // Bandwidth's callback credentials mean nothing for Twilio and are not shown.
    expect(inbox).not.toHaveProperty("callbackUsername");
    expect(inbox).not.toHaveProperty("callbackPassword");
    const row = await inboxRow(t.db, inbox.id);
    expect(row.channelKey).toBe(`sms:twilio:${TWILIO_TEST.phoneNumber}`);
    expect(row.secrets).not.toContain(TWILIO_TEST.authToken);

    const calls = fake.calls("GET");
    expect(calls.map((c) => c.path)).toEqual([
      `/2010-04-01/Accounts/${TWILIO_TEST.accountSid}.json`,
      `/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/IncomingPhoneNumbers.json`,
    ]);
    expect(calls[1]!.query).toEqual({ PhoneNumber: TWILIO_TEST.phoneNumber });
    expect(calls[0]!.headers.authorization).toBe("Basic " + Buffer.from(`${TWILIO_TEST.accountSid}:${TWILIO_TEST.authToken}`).toString("base64"));

    // The same number cannot be attached twice.
    await expect(createInbox(t.db, admin, { name: "Twice", channel: twilioChannel() })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a wrong Auth Token with Twilio's words and creates nothing", async () => {
    const before = await liveInboxCount();
    const e = rejection(await createInbox(t.db, admin, { name: "Wrong", channel: twilioChannel({ authToken: "0".repeat(32) }) }).catch((x) => x));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toContain("Your AccountSid or AuthToken was incorrect.");
    expect(e.message).toContain("20003");
    expect(await liveInboxCount()).toBe(before);
  });

  it("refuses a suspended account, a number of another account and a voice-only number", async () => {
    fake.state.accounts[TWILIO_TEST.otherAccountSid]!.status = "suspended";
    const other = { accountSid: TWILIO_TEST.otherAccountSid, authToken: TWILIO_TEST.otherAuthToken, phoneNumber: TWILIO_TEST.otherPhoneNumber };
    const suspended = rejection(await createInbox(t.db, admin, { name: "S", channel: twilioChannel(other) }).catch((x) => x));
    expect(suspended.message).toMatch(/account is suspended/);
    fake.state.accounts[TWILIO_TEST.otherAccountSid]!.status = "active";

    const foreign = rejection(await createInbox(t.db, admin, { name: "F", channel: twilioChannel({ phoneNumber: TWILIO_TEST.otherPhoneNumber }) }).catch((x) => x));
    expect(foreign.code).toBe("credentials_rejected");
    expect(foreign.message).toContain(`${TWILIO_TEST.otherPhoneNumber} is not a phone number of this Twilio account`);

    const voice = rejection(await createInbox(t.db, admin, { name: "V", channel: twilioChannel({ phoneNumber: "+15005550099" }) }).catch((x) => x));
    expect(voice.message).toContain("cannot send or receive SMS");
  });

  it("answers a Twilio outage with a clear message instead of creating the inbox", async () => {
    fake.fail({ match: ".json", status: 503, body: "upstream down" });
    const e = rejection(await createInbox(t.db, admin, { name: "Down", channel: twilioChannel({ phoneNumber: "+15005550006" }) }).catch((x) => x));
    expect(e.code).toBe("credentials_rejected");
    expect(e.message).toMatch(/Twilio answered HTTP 503/);
  });

  it("validates the fields: E.164 numbers, SIDs, and a number or a Messaging Service (not both)", async () => {
    const bad = async (channel: Record<string, unknown>) => rejection(await createInbox(t.db, admin, { name: "Bad", channel }).catch((x) => x));
    expect((await bad(twilioChannel({ phoneNumber: "0151 555" }))).fieldErrors).toHaveProperty(["channel.phoneNumber"]);
    expect((await bad(twilioChannel({ accountSid: "AB123" }))).fieldErrors).toHaveProperty(["channel.accountSid"]);
    expect((await bad(twilioChannel({ phoneNumber: "", messagingServiceSid: "" }))).fieldErrors).toHaveProperty(["channel.phoneNumber"]);
    expect((await bad(twilioChannel({ messagingServiceSid: TWILIO_TEST.messagingServiceSid }))).fieldErrors).toHaveProperty(["channel.messagingServiceSid"]);
    expect((await bad({ type: "sms", provider: "nexmo" })).code).toBe("validation");
    expect((await bad({ type: "sms" })).code).toBe("validation");
    expect(fake.requests).toHaveLength(0);
  });

  it("accepts a Messaging Service instead of a number, keyed by the service", async () => {
    const inbox = await createInbox(t.db, admin, {
      name: "SMS via service",
      channel: twilioChannel({ phoneNumber: "", messagingServiceSid: TWILIO_TEST.messagingServiceSid }),
    });
    expect((await inboxRow(t.db, inbox.id)).channelKey).toBe(`sms:twilio:${TWILIO_TEST.messagingServiceSid}`);
    expect(inbox.config).not.toHaveProperty("phoneNumber");
  });

  it("accepts a number typed with spaces and dashes, stored in E.164", async () => {
    fake.state.accounts[TWILIO_TEST.accountSid]!.numbers.push("+15005550007");
    const inbox = await createInbox(t.db, admin, { name: "Formatted", channel: twilioChannel({ phoneNumber: "+1 500-555 0007" }) });
    expect(inbox.config.phoneNumber).toBe("+15005550007");
  });
});

describe("a Twilio inbox at work", () => {
  let inbox: SmsInbox;
  const customer = "+15551230001";

  beforeAll(async () => {
    fake.state.accounts[TWILIO_TEST.accountSid]!.numbers.push("+15005550020");
    inbox = await createInbox(t.db, admin, { name: "Twilio desk", channel: twilioChannel({ phoneNumber: "+15005550020" }) });
  });

  const inbound = (over: Partial<Parameters<typeof twilioInboundParams>[0]> = {}) =>
    twilioInboundParams({ from: customer, to: "+15005550020", body: "Hi, is my order shipped?", ...over });

  it("stores a signed incoming text once and answers with empty TwiML", async () => {
    const sid = twilioMessageSid();
    const res = await post(inbox, inbound({ messageSid: sid }));
    expect(res).toMatchObject({ status: 200, raw: { contentType: "text/xml", body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } });
    const again = await post(inbox, inbound({ messageSid: sid }));
    expect(again.status).toBe(200);
    const stored = (await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === sid);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "incoming", content: "Hi, is my order shipped?" });
    const [contact] = await t.db.execute<{ phone: string; source_id: string }>(
      sql`select c.phone, ci.source_id from contacts c join contact_identities ci on ci.contact_id = c.id where ci.inbox_id = ${inbox.id}`,
    ).then((r) => r.rows);
    expect(contact).toEqual({ phone: customer, source_id: customer });
  });

  it("rejects a missing, wrong or misdirected signature with 401 and stores nothing", async () => {
    const before = (await messagesOf(t.db, inbox.id)).length;
    const params = inbound();
    const cases = [
      await post(inbox, params, { omit: true }),
      await post(inbox, params, { token: TWILIO_TEST.otherAuthToken }),
      // Signed for another URL (another inbox, or a Host header an attacker chose).
      await post(inbox, params, { url: inbox.webhookUrl!.replace("localhost", "evil.example") }),
      // A valid signature over other parameters than the ones sent.
      await post(inbox, params, { body: new URLSearchParams(inbound({ body: "Forged" })).toString() }),
    ];
    for (const res of cases) expect(res.status).toBe(401);
    expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);
  });

  it("stores one message when Twilio delivers the same webhook five times at once", async () => {
    const sid = twilioMessageSid();
    const params = inbound({ messageSid: sid, body: "Concurrent hello" });
    const results = await Promise.all(Array.from({ length: 5 }, () => post(inbox, params)));
    for (const r of results) expect(r.status).toBe(200);
    expect((await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === sid)).toHaveLength(1);
  });

  it("acknowledges a malformed signed body without storing anything", async () => {
    const before = (await messagesOf(t.db, inbox.id)).length;
    const noSid = inbound().filter(([k]) => k !== "MessageSid");
    expect((await post(inbox, noSid)).status).toBe(200);
    const garbage = signTwilioRequest(inbox.webhookUrl!, TWILIO_TEST.authToken, []);
    expect((await postSms(t.db, inbox, "%%%\u0000{not a form", garbage.headers)).status).toBe(401);
    expect((await postSms(t.db, inbox, "", garbage.headers)).status).toBe(200);
    expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);
  });

  it("turns MMS parts into media refs and downloads them through Twilio, without sending credentials to the CDN", async () => {
    const sid = twilioMessageSid(true);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const url = addTwilioMedia(fake, { messageSid: sid, contentType: "image/jpeg", bytes: jpeg });
    const vcard = addTwilioMedia(fake, { messageSid: sid, contentType: "text/vcard", bytes: Buffer.from("BEGIN:VCARD\nEND:VCARD") });
    const params = inbound({ messageSid: sid, body: "", media: [{ url, contentType: "image/jpeg" }, { url: vcard, contentType: "text/vcard" }] });

    const parsed = smsAdapter.webhook!.parse({ method: "POST", url: inbox.webhookUrl!, headers: new Headers(), query: new URLSearchParams(), body: Buffer.from(new URLSearchParams(params).toString()) }, await ctx());
    expect(parsed).toEqual({
      ok: true,
      events: [
        {
          type: "message",
          contact: { sourceId: customer, phone: customer },
          message: {
            sourceId: sid,
            content: "",
            media: [
              { ref: url, kind: "image", contentType: "image/jpeg", name: "MMS 1.jpg" },
              { ref: vcard, kind: "file", contentType: "text/vcard", name: "MMS 2.vcf" },
            ],
          },
        },
      ],
    });
    expect((await post(inbox, params)).status).toBe(200);
    expect((await messagesOf(t.db, inbox.id)).filter((m) => m.sourceId === sid)).toHaveLength(1);

    fake.reset();
    const file = await smsAdapter.fetchMedia!(url, await ctx());
    expect(Buffer.from(file.bytes)).toEqual(jpeg);
    expect(file.contentType).toBe("image/jpeg");
    const [api, cdn] = fake.requests;
    expect(api!.path).toMatch(/\/Media\/ME/);
    expect(api!.headers.authorization).toMatch(/^Basic /);
    expect(cdn!.path).toMatch(/^\/cdn\/ME/);
    expect(cdn!.headers.host).toMatch(/^localhost:/);
    expect(cdn!.headers).not.toHaveProperty("authorization");

    // Only this account's media on the Twilio API is fetched with its credentials.
    await expect(smsAdapter.fetchMedia!("https://evil.example/steal", await ctx())).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(smsAdapter.fetchMedia!(url.replace(TWILIO_TEST.accountSid, TWILIO_TEST.otherAccountSid), await ctx())).rejects.toThrow(/not one of this Twilio account's files/);
    await expect(smsAdapter.fetchMedia!(url.replace(/ME\w+$/, "ME" + "0".repeat(32)), await ctx())).rejects.toThrow(/no longer has this file/);
  });

  it("ignores echoes of our own number, other accounts' traffic and empty messages", async () => {
    const before = (await messagesOf(t.db, inbox.id)).length;
    expect((await post(inbox, inbound({ from: "+15005550020" }))).status).toBe(200);
    expect((await post(inbox, inbound({ accountSid: TWILIO_TEST.otherAccountSid }))).status).toBe(200);
    expect((await post(inbox, inbound({ body: "   " }))).status).toBe(200);
    expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);
  });

  async function ctx() {
    return inboxContext(await inboxRow(t.db, inbox.id)) as SmsCtx;
  }

  describe("replies", () => {
    let conversationId: string;
    beforeAll(async () => {
      const [first] = await messagesOf(t.db, inbox.id);
      conversationId = first!.conversationId;
    });

    it("refuses at upload, in the composer, a file Twilio would refuse: nothing is stored", async () => {
      const upload = (name: string, bytes: Uint8Array) => {
        const form = new FormData();
        form.set("file", new File([new Uint8Array(bytes)], name));
        return uploadAgentAttachment(t.db, admin, conversationId, new Request("http://localhost:3999/api/v1/conversations/x/attachments", { method: "POST", body: form }));
      };
      const pdf = (kb: number) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(kb * 1024 - 9, 0x20)]);
      const before = await t.db.execute(sql`select count(*)::int as n from attachments`);
      await expect(upload("invoice.pdf", pdf(600))).rejects.toMatchObject({
        code: "validation",
        message: "600 KB is too large: by text message, files other than JPEG, GIF and PNG images can be up to 500 KB. Send a smaller file or share a link.",
      });
      const after = await t.db.execute(sql`select count(*)::int as n from attachments`);
      expect(after.rows[0]).toEqual(before.rows[0]);
      expect(await upload("receipt.pdf", pdf(400))).toMatchObject({ contentType: "application/pdf" });
    });

    it("posts the reply to Messages.json with the number, the text and our status callback", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: "Yes, it ships today!" });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const calls = fake.calls("POST");
      expect(calls).toHaveLength(1);
      const call = calls[0]!;
      expect(call.path).toBe(`/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/Messages.json`);
      expect(call.headers.authorization).toBe("Basic " + Buffer.from(`${TWILIO_TEST.accountSid}:${TWILIO_TEST.authToken}`).toString("base64"));
      expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(call.form).toEqual({ To: customer, From: "+15005550020", Body: "Yes, it ships today!", StatusCallback: `${inbox.webhookUrl}?message=${reply.id}` });
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("sent");
      expect(m.sourceId).toMatch(/^SM[0-9a-f]{32}$/);
    });

    it("moves the tick forward on status callbacks, never creating a message", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: "Tracking number 42" });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const sid = (await messageRow(t.db, reply.id)).sourceId!;
      const before = (await messagesOf(t.db, inbox.id)).length;
      for (const status of ["queued", "sent", "delivered"]) {
        const res = await post(inbox, twilioStatusParams({ messageSid: sid, status, to: customer, from: "+15005550020" }));
        expect(res.status).toBe(200);
      }
      expect((await messageRow(t.db, reply.id)).status).toBe("delivered");
      // A late "sent" does not move it back.
      await post(inbox, twilioStatusParams({ messageSid: sid, status: "sent", to: customer, from: "+15005550020" }));
      expect((await messageRow(t.db, reply.id)).status).toBe("delivered");
      expect(await messagesOf(t.db, inbox.id)).toHaveLength(before);
      // A status callback without a valid signature changes nothing.
      await post(inbox, twilioStatusParams({ messageSid: sid, status: "read", to: customer }), { token: "wrong" });
      expect((await messageRow(t.db, reply.id)).status).toBe("delivered");
    });

    it("reports an undelivered message with the reason in plain words", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: "Did you get this?" });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const sid = (await messageRow(t.db, reply.id)).sourceId!;
      await post(inbox, twilioStatusParams({ messageSid: sid, status: "undelivered", to: customer, errorCode: 30007 }));
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("failed");
      expect(m.error).toBe("The customer's carrier filtered the message as spam");
    });

    /** A status callback as Twilio posts it: to the StatusCallback URL we gave, which names our reply. */
    function postStatus(replyId: string, params: [string, string][]) {
      const url = `${inbox.webhookUrl}?message=${encodeURIComponent(replyId)}`;
      const signed = signTwilioRequest(url, TWILIO_TEST.authToken, params);
      return postSms(t.db, { webhookUrl: url }, signed.body, signed.headers);
    }

    /** About 4,700 characters of words, with emoji and combining accents spread through them. */
    const longReply = Array.from({ length: 620 }, (_, i) => (i % 37 === 0 ? "Cafe\u0301" : i % 23 === 0 ? "👍🏽" : `word${i}`)).join(" ");

    it("the fake refuses a Body over 1,600 characters with Twilio's error 21617, as Twilio does", async () => {
      const res = await fetch(`${process.env.TWILIO_API_URL}/2010-04-01/Accounts/${TWILIO_TEST.accountSid}/Messages.json`, {
        method: "POST",
        headers: { authorization: "Basic " + Buffer.from(`${TWILIO_TEST.accountSid}:${TWILIO_TEST.authToken}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ To: customer, From: "+15005550020", Body: "x".repeat(1599) + "😀" }).toString(),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 21617, message: "The concatenated message body exceeds the 1600 character limit.", more_info: "https://www.twilio.com/docs/errors/21617", status: 400 });
    });

    it("sends a reply over 1,600 characters as ordered parts within the limit, never cutting a word, an emoji or an accent", async () => {
      const reply = await createMessage(t.db, admin, conversationId, { content: longReply });
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const bodies = fake.calls("POST").map((c) => c.form!.Body!);
      expect(bodies.length).toBe(3);
      for (const b of bodies) {
        expect(b.length).toBeLessThanOrEqual(1600);
        expect(b).toMatch(/^(word\d+|Cafe\u0301|👍🏽)( |$)/u);
        expect(b).toMatch(/(^| )(word\d+|Cafe\u0301|👍🏽)$/u);
      }
      expect(bodies.join(" ")).toBe(longReply);
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("sent");
      const sids = (fake.state.sent as { sid: string }[]).slice(-3).map((r) => r.sid);
      expect(m.sourceId).toBe(sids[0]);
      expect(m.sentParts).toEqual(sids);
      // Every part's callback names our reply.
      for (const c of fake.calls("POST")) expect(c.form!.StatusCallback).toBe(`${inbox.webhookUrl}?message=${reply.id}`);
    });

    it("a long reply is delivered only when every part is, and fails with the reason of the part that failed", async () => {
      const ok = await createMessage(t.db, admin, conversationId, { content: longReply });
      await deliverMessage(t.db, ok.id, { finalAttempt: false });
      const okParts = (await messageRow(t.db, ok.id)).sentParts;
      expect(okParts).toHaveLength(3);
      // Callbacks arrive per part, out of order.
      await postStatus(ok.id, twilioStatusParams({ messageSid: okParts[2]!, status: "delivered", to: customer, from: "+15005550020" }));
      await postStatus(ok.id, twilioStatusParams({ messageSid: okParts[0]!, status: "delivered", to: customer, from: "+15005550020" }));
      expect((await messageRow(t.db, ok.id)).status).toBe("sent");
      await postStatus(ok.id, twilioStatusParams({ messageSid: okParts[1]!, status: "sent", to: customer, from: "+15005550020" }));
      expect((await messageRow(t.db, ok.id)).status).toBe("sent");
      await postStatus(ok.id, twilioStatusParams({ messageSid: okParts[1]!, status: "delivered", to: customer, from: "+15005550020" }));
      expect((await messageRow(t.db, ok.id)).status).toBe("delivered");

      const bad = await createMessage(t.db, admin, conversationId, { content: longReply });
      await deliverMessage(t.db, bad.id, { finalAttempt: false });
      const badParts = (await messageRow(t.db, bad.id)).sentParts;
      await postStatus(bad.id, twilioStatusParams({ messageSid: badParts[0]!, status: "delivered", to: customer, from: "+15005550020" }));
      await postStatus(bad.id, twilioStatusParams({ messageSid: badParts[1]!, status: "undelivered", to: customer, from: "+15005550020", errorCode: 30007 }));
      await postStatus(bad.id, twilioStatusParams({ messageSid: badParts[2]!, status: "delivered", to: customer, from: "+15005550020" }));
      const failed = await messageRow(t.db, bad.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toBe("Part 2 of 3 did not reach the customer: The customer's carrier filtered the message as spam");

      // Resend keeps the delivered first part and sends the failed part and the one after it, in order.
      const before = fake.calls("POST");
      await resendMessage(t.db, admin, conversationId, bad.id);
      await deliverMessage(t.db, bad.id, { finalAttempt: false });
      expect(fake.calls("POST").slice(before.length).map((c) => c.form!.Body)).toEqual(before.slice(-2).map((c) => c.form!.Body));
      const resent = await messageRow(t.db, bad.id);
      expect(resent.status).toBe("sent");
      expect(resent.sentParts).toHaveLength(3);
      expect(resent.sentParts[0]).toBe(badParts[0]);
      expect(resent.sentParts.slice(1)).not.toContain(badParts[1]);
      expect(resent.sourceId).toBe(badParts[0]);
    });

    it("retries a rate-limited send after Twilio's Retry-After, then delivers exactly once", async () => {
      fake.fail({ match: "Messages.json", status: 429, body: { code: 20429, message: "Too Many Requests", more_info: "https://www.twilio.com/docs/errors/20429", status: 429 }, headers: { "retry-after": "7" } });
      const reply = await createMessage(t.db, admin, conversationId, { content: "Retry me" });
      const err = await deliverMessage(t.db, reply.id, { finalAttempt: false }).catch((e) => e);
      expect(err).toBeInstanceOf(RetryDelivery);
      expect(err.retryAfterSeconds).toBe(7);
      expect((await messageRow(t.db, reply.id)).status).toBe("pending");
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const m = await messageRow(t.db, reply.id);
      expect(m.status).toBe("sent");
      expect(m.error).toBeNull();
      expect(fake.calls("POST /2010-04-01")).toHaveLength(2);
      // A redelivered job sends nothing more.
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      expect(fake.calls("POST /2010-04-01")).toHaveLength(2);
    });

    it("retries a Twilio 5xx", async () => {
      fake.fail({ match: "Messages.json", status: 503, body: twilioError(503, 20500, "Service Unavailable").body });
      const reply = await createMessage(t.db, admin, conversationId, { content: "Again" });
      await expect(deliverMessage(t.db, reply.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      expect((await messageRow(t.db, reply.id)).status).toBe("sent");
    });

    it("fails at once, in plain words, when the customer opted out (21610); the inbox stays healthy", async () => {
      fake.state.optedOut.push(customer);
      try {
        const reply = await createMessage(t.db, admin, conversationId, { content: "Promo!" });
        await deliverMessage(t.db, reply.id, { finalAttempt: false });
        const m = await messageRow(t.db, reply.id);
        expect(m.status).toBe("failed");
        expect(m.error).toBe("The customer has opted out by replying STOP; they must text START before you can message them again");
        expect(fake.calls("POST")).toHaveLength(1);
        expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
      } finally {
        fake.state.optedOut = fake.state.optedOut.filter((n) => n !== customer);
      }
    });

    it("puts the inbox in 'needs attention' when Twilio no longer accepts the token, and recovers after rotation", async () => {
      const account = fake.state.accounts[TWILIO_TEST.accountSid]!;
      account.authToken = "f".repeat(32); // rotated in the Twilio Console
      try {
        const reply = await createMessage(t.db, admin, conversationId, { content: "Anyone there?" });
        await deliverMessage(t.db, reply.id, { finalAttempt: false });
        const m = await messageRow(t.db, reply.id);
        expect(m.status).toBe("failed");
        expect(m.error).toContain("Twilio refused the inbox's credentials");
        let row = await inboxRow(t.db, inbox.id);
        expect(row.status).toBe("error");
        expect(row.lastError).toContain("20003");

        // Rotating: a mistyped token is checked and refused, the new one accepted.
        await expect(updateInbox(t.db, admin, inbox.id, { channel: { authToken: "e".repeat(32) } })).rejects.toMatchObject({ code: "credentials_rejected" });
        await updateInbox(t.db, admin, inbox.id, { channel: { authToken: "f".repeat(32) } });
        row = await inboxRow(t.db, inbox.id);
        expect(row.status).toBe("active");
        // Webhooks are now signed with the new token.
        expect((await post(inbox, inbound(), { token: TWILIO_TEST.authToken })).status).toBe(401);
        expect((await post(inbox, inbound(), { token: "f".repeat(32) })).status).toBe(200);
      } finally {
        account.authToken = TWILIO_TEST.authToken;
        await updateInbox(t.db, admin, inbox.id, { channel: { authToken: TWILIO_TEST.authToken } });
      }
    });

    it("sends images as MediaUrl (Twilio fetches the signed links) and refuses other files in plain words", async () => {
      const base: OutboundMessage = {
        id: "00000000-0000-4000-8000-000000000001",
        conversationId,
        conversationNumber: 1,
        content: "Here are the photos",
        createdAt: new Date(),
        sender: null,
        contact: { id: "c", sourceId: customer, name: null, email: null, phone: customer },
        attachments: [],
      };
      const file = (name: string, contentType: string, size = 1000) => ({
        id: name,
        name,
        contentType,
        size,
        publicUrl: `http://localhost:3999/api/attachments/${name}?expires=1&signature=x`,
        read: async () => Buffer.alloc(0),
      });
      const { sourceId } = await smsAdapter.send({ ...base, attachments: [file("a.png", "image/png"), file("b.jpg", "image/jpeg")] }, await ctx());
      expect(sourceId).toMatch(/^MM/);
      const call = fake.calls("POST")[0]!;
      const form = new URLSearchParams(call.body);
      expect(form.getAll("MediaUrl")).toEqual([file("a.png", "").publicUrl, file("b.jpg", "").publicUrl]);
      expect(form.get("Body")).toBe("Here are the photos");

      // Twilio's media rules: JPEG/GIF/PNG up to 5 MB, other accepted types (PDF…) only up to 500 KB.
      await smsAdapter.send({ ...base, attachments: [file("receipt.pdf", "application/pdf", 400 * 1024), file("big.jpg", "image/jpeg", 4 * 1024 * 1024)] }, await ctx());
      expect(fake.calls("POST")).toHaveLength(2);
      const tooBig = await smsAdapter.send({ ...base, attachments: [file("invoice.pdf", "application/pdf", 600 * 1024)] }, await ctx()).catch((e) => e);
      expect(tooBig).toBeInstanceOf(PermanentDeliveryError);
      expect(tooBig.message).toBe("invoice.pdf — 600 KB is too large: by text message, files other than JPEG, GIF and PNG images can be up to 500 KB. Send a smaller file or share a link.");
      const webp = await smsAdapter.send({ ...base, attachments: [file("photo.webp", "image/webp", 700 * 1024)] }, await ctx()).catch((e) => e);
      expect(webp.message).toContain("up to 500 KB");
      const docx = await smsAdapter.send({ ...base, attachments: [file("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")] }, await ctx()).catch((e) => e);
      expect(docx.message).toBe("notes.docx — This kind of file cannot be sent by text message: use a JPEG, GIF or PNG image, or a PDF or CSV up to 500 KB.");
      expect(fake.calls("POST")).toHaveLength(2);
    });
  });

  it("sends through the Messaging Service when the inbox has one", async () => {
    const svc = await t.db.select().from(inboxes).where(eq(inboxes.channelKey, `sms:twilio:${TWILIO_TEST.messagingServiceSid}`));
    const msg: OutboundMessage = {
      id: "00000000-0000-4000-8000-000000000002",
      conversationId: "x",
      conversationNumber: 1,
      content: "Via service",
      createdAt: new Date(),
      sender: null,
      contact: { id: "c", sourceId: "+15551230009", name: null, email: null, phone: null },
      attachments: [],
    };
    const ctxSvc = inboxContext(svc[0]!) as SmsCtx;
    await smsAdapter.send(msg, ctxSvc);
    expect(fake.calls("POST")[0]!.form).toEqual({
      To: "+15551230009",
      MessagingServiceSid: TWILIO_TEST.messagingServiceSid,
      Body: "Via service",
      StatusCallback: `${ctxSvc.webhookUrl}?message=${msg.id}`,
    });
  });
});
