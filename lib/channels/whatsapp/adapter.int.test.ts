import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contacts, inboxes, messages } from "@/db/schema";
import { createMetaFake, graphError, META_ERRORS, META_FAKE, PNG_1X1 } from "@/e2e/fakes/meta";
import { RetryDelivery, deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { inboxContext } from "@/lib/inboxes/context";
import { regenerateInboxValue, updateInbox } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { countInboxes, countMessages, handshake, inboxRow, messageRow, metaRequest, outboundFile, postMeta, signMeta } from "@/e2e/support/channels/meta";
import { PermanentDeliveryError, TransientDeliveryError, type OutboundMessage } from "../types";
import { whatsappAdapter } from "./adapter";
import { WINDOW_CLOSED } from "./errors";
import { GRAPH_VERSION } from "@/lib/channels/meta/version";

const t = setupTestDb();
const fake = createMetaFake();
const WA = META_FAKE.whatsapp;
const CUSTOMER = "15550001111";

type Inbox = { id: string; webhookUrl: string | null; verifyToken: string; config: Record<string, unknown>; status: string };

beforeAll(async () => {
  process.env.META_GRAPH_API_URL = await fake.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const channel = (over: Record<string, string> = {}) => ({
  type: "whatsapp",
  phoneNumberId: WA.phoneNumberId,
  businessAccountId: WA.businessAccountId,
  accessToken: WA.token,
  appSecret: WA.appSecret,
  ...over,
});

/** The webhook body WhatsApp sends for one change of the `messages` field. */
function waBody(value: { messages?: object[]; statuses?: object[]; contacts?: object[] }, phoneNumberId: string = WA.phoneNumberId) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WA.businessAccountId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550100199", phone_number_id: phoneNumberId },
              contacts: value.contacts ?? [{ profile: { name: "Carla Customer" }, wa_id: CUSTOMER }],
              ...(value.messages ? { messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

let seq = 0;
const textMessage = (body: string, id = `wamid.in-${++seq}-${Date.now()}`) => ({ from: CUSTOMER, id, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body } });

let inbox: Inbox;
/** The inbox as its adapter sees it (decrypted secrets and generated values). */
const ctxOf = async () => inboxContext(await inboxRow(t.db, inbox.id)) as Parameters<typeof whatsappAdapter.send>[1];

describe("WhatsApp inbox creation", () => {
  it("checks the phone number with the token and app secret, and keeps Meta's number and name", async () => {
    inbox = (await createInbox(t.db, await t.admin(), { name: "WhatsApp support", channel: channel() })) as unknown as Inbox;
    expect(inbox.status).toBe("active");
    expect(inbox.config).toMatchObject({ phoneNumberId: WA.phoneNumberId, businessAccountId: WA.businessAccountId, displayPhoneNumber: "+1 555-010-0199", verifiedName: "Acme Support" });
    expect(inbox.config).not.toHaveProperty("accessToken");
    expect(inbox.verifyToken).toMatch(/^[\w-]{20,}$/);
    const [check] = fake.calls(`GET /${GRAPH_VERSION}/${WA.phoneNumberId}`);
    expect(check!.headers.authorization).toBe(`Bearer ${WA.token}`);
    expect(check!.query.fields).toBe("display_phone_number,verified_name");
    expect(check!.query.appsecret_proof).toBe(signMeta(WA.appSecret, WA.token).slice(7));
    const row = await inboxRow(t.db, inbox.id);
    expect(row.channelKey).toBe(`whatsapp:${WA.phoneNumberId}`);
    expect(row.secrets).not.toContain(WA.token);
  });

  it("refuses a wrong token or app secret with Meta's message and creates nothing", async () => {
    const before = await countInboxes(t.db);
    await expect(createInbox(t.db, await t.admin(), { name: "Bad token", channel: channel({ accessToken: "EAAnot-a-token" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid OAuth access token - Cannot parse access token",
    });
    await expect(createInbox(t.db, await t.admin(), { name: "Bad secret", channel: channel({ appSecret: "wrong-secret" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid appsecret_proof provided in the API argument",
    });
    await expect(createInbox(t.db, await t.admin(), { name: "Bad id", channel: channel({ phoneNumberId: "999999999" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: expect.stringContaining("Object with ID '999999999' does not exist"),
    });
    await expect(createInbox(t.db, await t.admin(), { name: "Not a number", channel: channel({ phoneNumberId: "abc" }) })).rejects.toMatchObject({ code: "validation" });
    expect(await countInboxes(t.db)).toBe(before);
  });

  it("subscribes the app to the WhatsApp Business Account, and refuses in plain words when Meta says no", async () => {
    // The inbox made in beforeAll subscribed the app: Meta would otherwise deliver no webhooks.
    expect(fake.state.subscriptions[WA.businessAccountId]).toEqual(["messages"]);
    const before = await countInboxes(t.db);
    fake.state.phoneNumbers["106540352242999"] = { token: WA.token, appSecret: WA.appSecret, display_phone_number: "+1 555-010-0999", verified_name: "Acme Two" };
    fake.fail({
      match: `POST /${GRAPH_VERSION}/${WA.businessAccountId}/subscribed_apps`,
      ...graphError(403, { message: "(#200) Permissions error", type: "OAuthException", code: 200 }),
    });
    const refused = await createInbox(t.db, await t.admin(), { name: "Unsubscribable", channel: channel({ phoneNumberId: "106540352242999" }) }).catch((e) => e);
    expect(refused).toMatchObject({ code: "credentials_rejected" });
    expect(refused.message).toContain(`WhatsApp refused to subscribe this app to WhatsApp Business Account ${WA.businessAccountId}`);
    expect(refused.message).toContain("(#200) Permissions error");
    expect(await countInboxes(t.db)).toBe(before);
    delete fake.state.phoneNumbers["106540352242999"];
  });

  it("refuses to attach the same phone number twice", async () => {
    await expect(createInbox(t.db, await t.admin(), { name: "Again", channel: channel() })).rejects.toMatchObject({ code: "conflict" });
  });

  it("re-checks rotated credentials and keeps the old ones when Meta refuses the new ones", async () => {
    await expect(updateInbox(t.db, await t.admin(), inbox.id, { channel: { accessToken: "EAArevoked" } })).rejects.toMatchObject({ code: "credentials_rejected" });
    expect(inboxContext(await inboxRow(t.db, inbox.id)).secrets.accessToken).toBe(WA.token);
    fake.state.phoneNumbers[WA.phoneNumberId]!.token = "EAAwa-rotated-token";
    fake.state.businessAccounts[WA.businessAccountId]!.token = "EAAwa-rotated-token";
    try {
      fake.reset();
      const updated = await updateInbox(t.db, await t.admin(), inbox.id, { channel: { accessToken: "EAAwa-rotated-token", appSecret: "" } });
      expect(updated.config).toMatchObject({ displayPhoneNumber: "+1 555-010-0199" });
      expect(fake.calls(`GET /${GRAPH_VERSION}/${WA.phoneNumberId}`)[0]!.headers.authorization).toBe("Bearer EAAwa-rotated-token");
      expect(inboxContext(await inboxRow(t.db, inbox.id)).secrets).toMatchObject({ accessToken: "EAAwa-rotated-token", appSecret: WA.appSecret });
    } finally {
      fake.state.phoneNumbers[WA.phoneNumberId]!.token = WA.token;
      fake.state.businessAccounts[WA.businessAccountId]!.token = WA.token;
      await updateInbox(t.db, await t.admin(), inbox.id, { channel: { accessToken: WA.token } });
    }
  });
});

describe("WhatsApp subscription handshake", () => {
  it("echoes the challenge only for hub.mode=subscribe with the inbox's verify token", async () => {
    const ok = await handshake(t.db, "whatsapp", inbox, { "hub.mode": "subscribe", "hub.verify_token": inbox.verifyToken, "hub.challenge": "1158201444" });
    expect(ok).toEqual({ status: 200, body: "1158201444" });
    expect((await handshake(t.db, "whatsapp", inbox, { "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake(t.db, "whatsapp", inbox, { "hub.mode": "unsubscribe", "hub.verify_token": inbox.verifyToken, "hub.challenge": "1" })).status).toBe(403);
    expect((await handshake(t.db, "whatsapp", inbox, { "hub.verify_token": inbox.verifyToken })).status).toBe(403);
  });

  it("stops accepting the old verify token once it is regenerated", async () => {
    const updated = (await regenerateInboxValue(t.db, await t.admin(), inbox.id, "verifyToken")) as unknown as Inbox;
    expect(updated.verifyToken).not.toBe(inbox.verifyToken);
    expect((await handshake(t.db, "whatsapp", inbox, { "hub.mode": "subscribe", "hub.verify_token": inbox.verifyToken, "hub.challenge": "2" })).status).toBe(403);
    expect((await handshake(t.db, "whatsapp", inbox, { "hub.mode": "subscribe", "hub.verify_token": updated.verifyToken, "hub.challenge": "2" })).status).toBe(200);
    inbox = updated;
  });
});

describe("WhatsApp inbound webhooks", () => {
  it("stores a signed text message once, with the contact's WhatsApp name and number", async () => {
    const msg = textMessage("Hi, is my bike ready?");
    const body = waBody({ messages: [msg] });
    expect(await postMeta(t.db, "whatsapp", inbox, body, WA.appSecret)).toMatchObject({ status: 200 });
    expect(await postMeta(t.db, "whatsapp", inbox, body, WA.appSecret)).toMatchObject({ status: 200 });
    const rows = await t.db.select().from(messages).where(eq(messages.sourceId, msg.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "incoming", content: "Hi, is my bike ready?", inboxId: inbox.id });
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, rows[0]!.senderContactId!));
    expect(contact).toMatchObject({ name: "Carla Customer", phone: `+${CUSTOMER}` });
  });

  it("rejects a missing or wrong signature with 401 and stores nothing", async () => {
    const before = await countMessages(t.db, inbox.id);
    const body = waBody({ messages: [textMessage("forged")] });
    expect((await postMeta(t.db, "whatsapp", inbox, body, null)).status).toBe(401);
    expect((await postMeta(t.db, "whatsapp", inbox, body, "not-the-app-secret")).status).toBe(401);
    expect((await postMeta(t.db, "whatsapp", inbox, body, null, { signature: "sha256=" })).status).toBe(401);
    // A valid signature over other bytes than the ones sent.
    const sig = signMeta(WA.appSecret, JSON.stringify(waBody({ messages: [textMessage("innocent")] })));
    expect((await postMeta(t.db, "whatsapp", inbox, body, null, { signature: sig })).status).toBe(401);
    expect(await countMessages(t.db, inbox.id)).toBe(before);
  });

  it("stores one message when the same webhook arrives five times at once", async () => {
    const before = await countMessages(t.db, inbox.id);
    const body = waBody({ messages: [textMessage("Sent once, delivered five times")] });
    const results = await Promise.all(Array.from({ length: 5 }, () => postMeta(t.db, "whatsapp", inbox, body, WA.appSecret)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await countMessages(t.db, inbox.id)).toBe(before + 1);
  });

  it("acknowledges malformed bodies, other numbers and other fields without storing anything", async () => {
    const before = await countMessages(t.db, inbox.id);
    const cases: unknown[] = [
      "{not json",
      { object: "whatsapp_business_account", entry: "nope" },
      { object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: { metadata: {} } }] }] },
      waBody({ messages: [textMessage("for another number")] }, "100000000000001"),
      { object: "whatsapp_business_account", entry: [{ id: WA.businessAccountId, changes: [{ field: "account_update", value: { event: "VERIFIED_ACCOUNT" } }] }] },
      { object: "page", entry: [] },
      waBody({ messages: [{ from: CUSTOMER, id: "wamid.sys", type: "system", system: { body: "changed number" } }] }),
      waBody({ messages: [{ from: CUSTOMER, id: "wamid.unreact", type: "reaction", reaction: { message_id: "wamid.x", emoji: "" } }] }),
    ];
    for (const body of cases) {
      const res = await postMeta(t.db, "whatsapp", inbox, body, WA.appSecret);
      expect(res.status).toBe(200);
    }
    expect(await countMessages(t.db, inbox.id)).toBe(before);
  });

  it("turns media, locations, contacts, buttons and reactions into messages an agent can read", async () => {
    const messagesIn = [
      { from: CUSTOMER, id: "wamid.img", type: "image", image: { id: "1001", mime_type: "image/jpeg", caption: "The scratch" } },
      { from: CUSTOMER, id: "wamid.doc", type: "document", document: { id: "1002", mime_type: "application/pdf", filename: "invoice.pdf" } },
      { from: CUSTOMER, id: "wamid.voice", type: "audio", audio: { id: "1003", mime_type: "audio/ogg; codecs=opus", voice: true } },
      { from: CUSTOMER, id: "wamid.vid", type: "video", video: { id: "1004", mime_type: "video/mp4" } },
      { from: CUSTOMER, id: "wamid.stk", type: "sticker", sticker: { id: "1005", mime_type: "image/webp", animated: false } },
      { from: CUSTOMER, id: "wamid.loc", type: "location", location: { latitude: 52.520008, longitude: 13.404954, name: "Shop", address: "Main St 1" } },
      { from: CUSTOMER, id: "wamid.vcf", type: "contacts", contacts: [{ name: { formatted_name: "Bob Builder" }, phones: [{ phone: "+1 555 0102" }] }] },
      { from: CUSTOMER, id: "wamid.btn", type: "interactive", interactive: { type: "button_reply", button_reply: { id: "yes", title: "Yes, book it" } } },
      { from: CUSTOMER, id: "wamid.lst", type: "interactive", interactive: { type: "list_reply", list_reply: { id: "l1", title: "Tuesday 10:00" } } },
      { from: CUSTOMER, id: "wamid.tpl", type: "button", button: { text: "Stop promotions", payload: "STOP" } },
      { from: CUSTOMER, id: "wamid.rct", type: "reaction", reaction: { message_id: "wamid.out", emoji: "👍" } },
      { from: CUSTOMER, id: "wamid.odd", type: "unsupported", errors: [{ code: 131051, title: "Message type unknown" }] },
    ];
    const parsed = whatsappAdapter.webhook!.parse({ ...metaRequest(waBody({ messages: messagesIn }), null), url: "" }, await ctxOf());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const byId = Object.fromEntries(parsed.events.map((e) => (e.type === "message" ? [e.message.sourceId, e.message] : ["", null])));
    expect(byId["wamid.img"]).toMatchObject({ content: "The scratch", media: [{ ref: "1001", kind: "image", contentType: "image/jpeg" }] });
    expect(byId["wamid.doc"]).toMatchObject({ content: "", media: [{ ref: "1002", kind: "file", name: "invoice.pdf" }] });
    expect(byId["wamid.voice"]!.media).toEqual([{ ref: "1003", kind: "audio", contentType: "audio/ogg; codecs=opus", name: undefined }]);
    expect(byId["wamid.vid"]!.media![0]).toMatchObject({ kind: "video" });
    expect(byId["wamid.stk"]!.media![0]).toMatchObject({ kind: "sticker", contentType: "image/webp" });
    expect(byId["wamid.loc"]!.content).toBe("📍 Shared a location: Shop, Main St 1\nhttps://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=16/52.520008/13.404954");
    expect(byId["wamid.vcf"]!.content).toBe("👤 Shared a contact:\nBob Builder · +1 555 0102");
    expect(byId["wamid.btn"]!.content).toBe("Yes, book it");
    expect(byId["wamid.lst"]!.content).toBe("Tuesday 10:00");
    expect(byId["wamid.tpl"]!.content).toBe("Stop promotions");
    expect(byId["wamid.rct"]!.content).toBe("Reacted 👍 to a message");
    expect(byId["wamid.odd"]!.content).toContain("cannot show");
  });

  it("downloads a media file through the Graph API with the inbox's token", async () => {
    const bytes = Buffer.from(PNG_1X1, "base64");
    fake.state.media["7001"] = { token: WA.token, mime_type: "image/png", base64: PNG_1X1 };
    const media = await whatsappAdapter.fetchMedia!("7001", await ctxOf());
    expect(Buffer.from(media.bytes)).toEqual(bytes);
    expect(media.contentType).toBe("image/png");
    expect(fake.calls(`GET /${GRAPH_VERSION}/7001`)[0]!.headers.authorization).toBe(`Bearer ${WA.token}`);
    expect(fake.calls("GET /wa-media/7001")[0]!.headers.authorization).toBe(`Bearer ${WA.token}`);
    // An id WhatsApp does not know (expired after 30 days): a permanent failure, not retried.
    await expect(whatsappAdapter.fetchMedia!("7999", await ctxOf())).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe("WhatsApp usernames: customers known by a business-scoped user id", () => {
  const stamp = () => String(Math.floor(Date.now() / 1000));
  const conversationOf = async (wamid: string) => (await t.db.select().from(messages).where(eq(messages.sourceId, wamid)))[0]?.conversationId;

  it("stores a message without a phone number under the BSUID, and one bad entry drops only itself", async () => {
    const bsuid = `US.${Date.now()}1${seq}`;
    const named = { id: `wamid.bsuid-${++seq}`, from_user_id: bsuid, timestamp: stamp(), type: "text", text: { body: "Hi, I'm @nora" } };
    const normal = textMessage("And a customer with a number");
    const broken = { id: 42, type: ["text"] };
    const nobody = { id: `wamid.nobody-${++seq}`, timestamp: stamp(), type: "text", text: { body: "from nobody" } };
    const body = waBody({
      contacts: [{ profile: { name: "Nora", username: "@nora" }, user_id: bsuid }, { profile: { name: "Carla Customer" }, wa_id: CUSTOMER, user_id: "US.777" }, "not a contact" as unknown as object],
      messages: [named, broken, normal, nobody],
      statuses: [{ status: "delivered" }],
    });
    expect((await postMeta(t.db, "whatsapp", inbox, body, WA.appSecret)).status).toBe(200);
    const [row] = await t.db.select().from(messages).where(eq(messages.sourceId, named.id));
    expect(row).toMatchObject({ content: "Hi, I'm @nora" });
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, row!.senderContactId!));
    expect(contact).toMatchObject({ name: "Nora", phone: null });
    expect(await conversationOf(normal.id)).toBeTruthy();
    expect(await conversationOf(nobody.id)).toBeUndefined();

    // The reply goes to the BSUID through `recipient`, as Meta requires when there is no number.
    const reply = await createMessage(t.db, await t.admin(), row!.conversationId, { content: "Hello Nora!" });
    fake.reset();
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const [call] = fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`);
    expect(call!.json).toMatchObject({ recipient: bsuid, text: { body: "Hello Nora!" } });
    expect(call!.json).not.toHaveProperty("to");
    expect((await messageRow(t.db, reply.id)).status).toBe("sent");
  });

  it("links the phone number and the BSUID once seen together, whichever came first", async () => {
    // Username first, then a message with both ids: one conversation.
    const bsuidA = `BR.${Date.now()}2${seq}`;
    const phoneA = `5511${String(Date.now()).slice(-8)}`;
    const first = { id: `wamid.a1-${++seq}`, from_user_id: bsuidA, timestamp: stamp(), type: "text", text: { body: "username only" } };
    await postMeta(t.db, "whatsapp", inbox, waBody({ contacts: [{ profile: { username: "@ana" }, user_id: bsuidA }], messages: [first] }), WA.appSecret);
    const both = { id: `wamid.a2-${++seq}`, from: phoneA, timestamp: stamp(), type: "text", text: { body: "now with my number" } };
    await postMeta(t.db, "whatsapp", inbox, waBody({ contacts: [{ profile: { name: "Ana" }, wa_id: phoneA, user_id: bsuidA }], messages: [both] }), WA.appSecret);
    expect(await conversationOf(both.id)).toBe(await conversationOf(first.id));

    // Number first (with its BSUID), then the number withheld: still one conversation.
    const bsuidB = `IN.${Date.now()}3${seq}`;
    const phoneB = `9198${String(Date.now()).slice(-8)}`;
    const withNumber = { id: `wamid.b1-${++seq}`, from: phoneB, timestamp: stamp(), type: "text", text: { body: "hello" } };
    await postMeta(t.db, "whatsapp", inbox, waBody({ contacts: [{ profile: { name: "Ravi" }, wa_id: phoneB, user_id: bsuidB }], messages: [withNumber] }), WA.appSecret);
    const withheld = { id: `wamid.b2-${++seq}`, from_user_id: bsuidB, timestamp: stamp(), type: "text", text: { body: "I set a username" } };
    await postMeta(t.db, "whatsapp", inbox, waBody({ contacts: [{ profile: { username: "@ravi" }, user_id: bsuidB }], messages: [withheld] }), WA.appSecret);
    expect(await conversationOf(withheld.id)).toBe(await conversationOf(withNumber.id));
  });
});

describe("WhatsApp replies and delivery statuses", () => {
  let conversationId: string;
  beforeAll(async () => {
    const msg = textMessage("I need help with my order");
    await postMeta(t.db, "whatsapp", inbox, waBody({ messages: [msg] }), WA.appSecret);
    const [row] = await t.db.select().from(messages).where(eq(messages.sourceId, msg.id));
    conversationId = row!.conversationId;
  });

  async function reply(content: string) {
    return createMessage(t.db, await t.admin(), conversationId, { content });
  }

  it("sends a text reply to the customer's wa_id and stores WhatsApp's message id", async () => {
    const m = await reply("Your order ships today.");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const calls = fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${WA.token}`);
    expect(calls[0]!.headers["content-type"]).toBe("application/json");
    expect(calls[0]!.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER,
      type: "text",
      text: { body: "Your order ships today.", preview_url: false },
    });
    const row = await messageRow(t.db, m.id);
    expect(row.status).toBe("sent");
    expect(row.sourceId).toMatch(/^wamid\./);
  });

  it("retries after a rate limit, honouring Retry-After, and delivers exactly once", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...graphError(429, { message: "(#130429) Rate limit hit", code: 130429 }, { "retry-after": "7" }) });
    const m = await reply("Retry me");
    const err = await deliverMessage(t.db, m.id, { finalAttempt: false }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryDelivery);
    expect(err.retryAfterSeconds).toBe(7);
    expect((await messageRow(t.db, m.id)).status).toBe("pending");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`)).toHaveLength(2);
    expect((await messageRow(t.db, m.id)).status).toBe("sent");
  });

  it("treats WhatsApp's throughput error (HTTP 400, code 130429) and 5xx as transient", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...META_ERRORS.waRateLimited });
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...META_ERRORS.serverError });
    const m = await reply("Busy times");
    await expect(deliverMessage(t.db, m.id, { finalAttempt: false })).rejects.toMatchObject({ retryAfterSeconds: 60 });
    await expect(deliverMessage(t.db, m.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect((await messageRow(t.db, m.id)).status).toBe("sent");
  });

  it("fails a reply outside the 24-hour window at once, in plain words, without blaming the inbox", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...META_ERRORS.waWindowClosed });
    const m = await reply("Are you still there?");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(await messageRow(t.db, m.id)).toMatchObject({ status: "failed", error: WINDOW_CLOSED });
    expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
    expect(fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`)).toHaveLength(1);
  });

  it("fails an undeliverable reply with a readable reason", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...META_ERRORS.waUndeliverable });
    const m = await reply("Hello?");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const row = await messageRow(t.db, m.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/may not use WhatsApp/);
  });

  it("puts the inbox in 'needs attention' when Meta rejects the token", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`, ...META_ERRORS.invalidToken });
    const m = await reply("Token test");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect((await messageRow(t.db, m.id)).error).toMatch(/access token: Error validating access token/);
    const box = await inboxRow(t.db, inbox.id);
    expect(box.status).toBe("error");
    expect(box.lastError).toMatch(/Configuration tab/);
    // The next successful delivery clears it.
    await deliverMessage(t.db, (await reply("Back to normal")).id, { finalAttempt: false });
    expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
  });

  it("uploads attachments and sends them as media messages, with the text as the first caption", async () => {
    const ctx = await ctxOf();
    const message: OutboundMessage = {
      id: "m1",
      conversationId,
      conversationNumber: 1,
      content: "Here are the photo and the invoice",
      attachments: [outboundFile("photo.png", "image/png", Buffer.from(PNG_1X1, "base64")), outboundFile("invoice.pdf", "application/pdf", Buffer.from("%PDF-1.4 test"))],
      createdAt: new Date(),
      sender: null,
      contact: { id: "c", sourceId: CUSTOMER, name: null, email: null, phone: null },
    };
    const { sourceId } = await whatsappAdapter.send(message, ctx);
    const uploads = fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/media`);
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.headers.authorization).toBe(`Bearer ${WA.token}`);
    expect(uploads[0]!.multipart).toMatchObject({ messaging_product: "whatsapp", type: "image/png", file: { filename: "photo.png", contentType: "image/png", size: 70 } });
    const sends = fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`).map((c) => c.json as { type?: string; document?: { caption?: string } });
    expect(sends).toHaveLength(2);
    expect(sends[0]).toMatchObject({ to: CUSTOMER, type: "image", image: { caption: "Here are the photo and the invoice" } });
    expect(sends[1]).toMatchObject({ to: CUSTOMER, type: "document", document: { filename: "invoice.pdf" } });
    expect(sends[1]!.document?.caption).toBeUndefined();
    expect(sourceId).toMatch(/^wamid\./);
  });

  it("resumes a reply after a transient failure half-way without resending the parts that arrived", async () => {
    const ctx = await ctxOf();
    const sent: string[] = [];
    const message: OutboundMessage = {
      id: "m2",
      conversationId,
      conversationNumber: 1,
      content: "A long explanation. ".repeat(60), // longer than a caption: its own text message first
      attachments: [outboundFile("photo.png", "image/png", Buffer.from(PNG_1X1, "base64"))],
      createdAt: new Date(),
      sender: null,
      contact: { id: "c", sourceId: CUSTOMER, name: null, email: null, phone: null },
      progress: { sent, partSent: async (id) => void sent.push(id) },
    };
    fake.fail({ match: `POST /${GRAPH_VERSION}/${WA.phoneNumberId}/media`, ...META_ERRORS.serverError });
    await expect(whatsappAdapter.send(message, ctx)).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(sent).toHaveLength(1);

    const { sourceId } = await whatsappAdapter.send(message, ctx);
    const sends = fake.calls(`POST /${GRAPH_VERSION}/${WA.phoneNumberId}/messages`).map((c) => c.json as { type?: string; document?: { caption?: string } });
    expect(sends.map((s) => s.type)).toEqual(["text", "image"]);
    expect(sent).toHaveLength(2);
    expect(sourceId).toBe(sent[0]);
  });

  it("moves ticks forward on delivered/read statuses and shows why a message failed", async () => {
    const m = await reply("Status test");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const wamid = (await messageRow(t.db, m.id)).sourceId!;
    const status = (s: string, extra: object = {}) => waBody({ statuses: [{ id: wamid, status: s, timestamp: "1700000000", recipient_id: CUSTOMER, ...extra }] });
    await postMeta(t.db, "whatsapp", inbox, status("delivered"), WA.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("delivered");
    await postMeta(t.db, "whatsapp", inbox, status("read"), WA.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("read");
    // A late "delivered" never moves it back.
    await postMeta(t.db, "whatsapp", inbox, status("delivered"), WA.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("read");

    const late = await reply("Sent after the window closed");
    await deliverMessage(t.db, late.id, { finalAttempt: false });
    const lateId = (await messageRow(t.db, late.id)).sourceId!;
    const failed = waBody({
      statuses: [
        {
          id: lateId,
          status: "failed",
          timestamp: "1700000001",
          recipient_id: CUSTOMER,
          errors: [{ code: 131047, title: "Re-engagement message", message: "Re-engagement message", error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." } }],
        },
      ],
    });
    expect((await postMeta(t.db, "whatsapp", inbox, failed, WA.appSecret)).status).toBe(200);
    expect(await messageRow(t.db, late.id)).toMatchObject({ status: "failed", error: WINDOW_CLOSED });
    // Incoming messages are never touched by statuses, and unknown ids are ignored.
    expect((await postMeta(t.db, "whatsapp", inbox, waBody({ statuses: [{ id: "wamid.unknown", status: "read" }] }), WA.appSecret)).status).toBe(200);
  });

  it("never lets another inbox's statuses touch this inbox's messages", async () => {
    const m = await reply("Cross-inbox");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const wamid = (await messageRow(t.db, m.id)).sourceId!;
    await postMeta(t.db, "whatsapp", inbox, waBody({ statuses: [{ id: wamid, status: "read" }] }, "100000000000001"), WA.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("sent");
    const [box] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(box!.deletedAt).toBeNull();
  });
});
