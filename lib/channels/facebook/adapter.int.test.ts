import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { createMetaFake, graphError, META_ERRORS, META_FAKE, PNG_1X1 } from "@/e2e/fakes/meta";
import { RetryDelivery, deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { inboxContext } from "@/lib/inboxes/context";
import { updateInbox } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { windowClosed } from "../meta/messaging-send";
import { MESSENGER } from "../meta/messaging-spec";
import { countInboxes, countMessages, handshake, inboxRow, messageRow, metaRequest, outboundFile, postMeta, signMeta } from "@/e2e/support/channels/meta";
import { PermanentDeliveryError, type OutboundMessage } from "../types";
import { facebookAdapter } from "./adapter";
import { GRAPH_VERSION } from "@/lib/channels/meta/version";

const t = setupTestDb();
const fake = createMetaFake();
const FB = META_FAKE.facebook;
const PSID = "6912345678901234";

type Inbox = { id: string; webhookUrl: string | null; verifyToken: string; config: Record<string, unknown> };
let inbox: Inbox;
const ctxOf = async () => inboxContext(await inboxRow(t.db, inbox.id)) as Parameters<typeof facebookAdapter.send>[1];

beforeAll(async () => {
  process.env.META_GRAPH_API_URL = await fake.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const channel = (over: Record<string, string> = {}) => ({ type: "facebook", pageId: FB.pageId, pageAccessToken: FB.token, appSecret: FB.appSecret, ...over });

/** A page webhook with the given `messaging` items. */
const pageBody = (messaging: object[], pageId: string = FB.pageId) => ({ object: "page", entry: [{ id: pageId, time: Date.now(), messaging }] });
const fromCustomer = (message: object) => ({ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: Date.now(), message });
let seq = 0;
const mid = () => `m_in-${++seq}-${Date.now()}`;

describe("Messenger inbox creation", () => {
  it("checks the Page with its token and app secret and keeps the Page name", async () => {
    inbox = (await createInbox(t.db, await t.admin(), { name: "Facebook Page", channel: channel() })) as unknown as Inbox;
    expect(inbox.config).toEqual({ pageId: FB.pageId, pageName: "Acme Bikes" });
    const [check] = fake.calls(`GET /${GRAPH_VERSION}/${FB.pageId}`);
    expect(check!.headers.authorization).toBe(`Bearer ${FB.token}`);
    expect(check!.query).toMatchObject({ fields: "id,name", appsecret_proof: signMeta(FB.appSecret, FB.token).slice(7) });
    expect((await inboxRow(t.db, inbox.id)).channelKey).toBe(`facebook:${FB.pageId}`);
    // The app is subscribed to the Page's messaging events: Meta delivers them only to subscribed apps.
    const [sub] = fake.calls(`POST /${GRAPH_VERSION}/${FB.pageId}/subscribed_apps`);
    expect(sub!.headers.authorization).toBe(`Bearer ${FB.token}`);
    expect(fake.state.subscriptions[FB.pageId]).toEqual(["messages", "message_deliveries", "message_reads", "message_echoes", "messaging_postbacks"]);
  });

  it("refuses, in plain words, a Page the app cannot subscribe to, and creates nothing", async () => {
    const before = await countInboxes(t.db);
    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/subscribed_apps`, ...graphError(403, { message: "(#200) Permissions error", code: 200 }) });
    const refused = await createInbox(t.db, await t.admin(), { name: "x", channel: channel() }).catch((e) => e);
    expect(refused).toMatchObject({ code: "credentials_rejected" });
    expect(refused.message).toBe(
      "Messenger refused to subscribe this app to the Page's messages, so none would reach Konversio. The Page token needs the pages_manage_metadata permission. Meta said: (#200) Permissions error",
    );
    expect(await countInboxes(t.db)).toBe(before);
  });

  it("refuses a wrong Page token or app secret with Meta's words and creates nothing", async () => {
    const before = await countInboxes(t.db);
    await expect(createInbox(t.db, await t.admin(), { name: "x", channel: channel({ pageAccessToken: "EAAwrong" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid OAuth access token - Cannot parse access token",
    });
    await expect(createInbox(t.db, await t.admin(), { name: "x", channel: channel({ appSecret: "nope" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid appsecret_proof provided in the API argument",
    });
    await expect(updateInbox(t.db, await t.admin(), inbox.id, { channel: { pageAccessToken: "EAAwrong" } })).rejects.toMatchObject({ code: "credentials_rejected" });
    expect(await countInboxes(t.db)).toBe(before);
  });

  it("answers Meta's handshake with the challenge only for the right verify token", async () => {
    expect(await handshake(t.db, "facebook", inbox, { "hub.mode": "subscribe", "hub.verify_token": inbox.verifyToken, "hub.challenge": "42" })).toEqual({ status: 200, body: "42" });
    expect((await handshake(t.db, "facebook", inbox, { "hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "42" })).status).toBe(403);
  });
});

describe("Messenger inbound webhooks", () => {
  it("stores a signed message once; rejects unsigned ones; five concurrent copies store one", async () => {
    const id = mid();
    const body = pageBody([fromCustomer({ mid: id, text: "Do you have the red bike?" })]);
    const before = await countMessages(t.db, inbox.id);
    expect((await postMeta(t.db, "facebook", inbox, body, null)).status).toBe(401);
    expect((await postMeta(t.db, "facebook", inbox, body, "other-secret")).status).toBe(401);
    expect(await countMessages(t.db, inbox.id)).toBe(before);
    const results = await Promise.all(Array.from({ length: 5 }, () => postMeta(t.db, "facebook", inbox, body, FB.appSecret)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = await t.db.select().from(messages).where(eq(messages.sourceId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "incoming", content: "Do you have the red bike?" });
  });

  it("ignores echoes of the Page's own sends, other Pages, malformed bodies and unused events", async () => {
    const before = await countMessages(t.db, inbox.id);
    const cases: unknown[] = [
      pageBody([{ sender: { id: FB.pageId }, recipient: { id: PSID }, timestamp: Date.now(), message: { mid: mid(), text: "Our own reply", is_echo: true, app_id: 123 } }]),
      pageBody([fromCustomer({ mid: mid(), text: "to another page" })], "100000000000009"),
      "not json at all",
      { object: "page", entry: [{ id: FB.pageId, messaging: [{ sender: {}, message: { text: "no ids" } }] }] },
      { object: "page", entry: [{ id: FB.pageId, changes: [{ field: "feed", value: {} }] }] },
      pageBody([{ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: Date.now(), reaction: { mid: "m_x", action: "react", emoji: "❤️" } }]),
      { object: "instagram", entry: [] },
    ];
    for (const body of cases) expect((await postMeta(t.db, "facebook", inbox, body, FB.appSecret)).status).toBe(200);
    expect(await countMessages(t.db, inbox.id)).toBe(before);
  });

  it("turns attachments, locations, links and button taps into readable messages with media refs", async () => {
    const items = [
      fromCustomer({ mid: "m_img", text: "Look", attachments: [{ type: "image", payload: { url: "https://scontent.xx.fbcdn.net/v/photo.jpg?oh=1" } }] }),
      fromCustomer({ mid: "m_stk", attachments: [{ type: "image", payload: { url: "https://scontent.xx.fbcdn.net/v/sticker.png", sticker_id: 369239263222822 } }] }),
      fromCustomer({ mid: "m_file", attachments: [{ type: "file", payload: { url: "https://cdn.fbsbx.com/v/t59/invoice.pdf" } }, { type: "audio", payload: { url: "https://cdn.fbsbx.com/v/clip.mp4" } }] }),
      fromCustomer({ mid: "m_loc", attachments: [{ type: "location", title: "Pinned location", payload: { coordinates: { lat: 48.8584, long: 2.2945 } } }] }),
      fromCustomer({ mid: "m_link", attachments: [{ type: "fallback", title: "Our catalogue", url: "https://example.com/catalogue", payload: null }] }),
      { sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: 1700000000000, postback: { mid: "m_pb", title: "Talk to a human", payload: "HUMAN" } },
    ];
    const parsed = facebookAdapter.webhook!.parse({ ...metaRequest(pageBody(items), null), url: "" }, await ctxOf());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const by = Object.fromEntries(parsed.events.map((e) => (e.type === "message" ? [e.message.sourceId, e.message] : ["", null])));
    expect(by.m_img).toMatchObject({ content: "Look", media: [{ ref: "https://scontent.xx.fbcdn.net/v/photo.jpg?oh=1", kind: "image" }] });
    expect(by.m_stk!.media).toEqual([{ ref: "https://scontent.xx.fbcdn.net/v/sticker.png", kind: "sticker" }]);
    expect(by.m_file!.media!.map((m) => m.kind)).toEqual(["file", "audio"]);
    expect(by.m_loc!.content).toBe("📍 Shared a location: Pinned location\nhttps://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945#map=16/48.8584/2.2945");
    expect(by.m_link!.content).toBe("🔗 Shared “Our catalogue”: https://example.com/catalogue");
    expect(by.m_pb).toMatchObject({ content: "Talk to a human", createdAt: new Date(1700000000000) });
  });

  it("reports delivery receipts per message id and read receipts as a watermark", async () => {
    const items = [
      { sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: 1, delivery: { mids: ["m_out1", "m_out2"], watermark: 1700000000000 } },
      { sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: 2, read: { watermark: 1700000005000 } },
    ];
    const parsed = facebookAdapter.webhook!.parse({ ...metaRequest(pageBody(items), null), url: "" }, await ctxOf());
    expect(parsed).toEqual({
      ok: true,
      events: [
        { type: "status", sourceId: "m_out1", status: "delivered" },
        { type: "status", sourceId: "m_out2", status: "delivered" },
        { type: "watermark", status: "delivered", contactSourceId: PSID, upTo: new Date(1700000000000) },
        { type: "watermark", status: "read", contactSourceId: PSID, upTo: new Date(1700000005000) },
      ],
    });
  });

  it("downloads attachments from Meta's CDN, refusing private addresses unless allowed", async () => {
    fake.state.cdn["photo.png"] = { contentType: "image/png", base64: PNG_1X1 };
    const media = await facebookAdapter.fetchMedia!(`${fake.url}/cdn/photo.png`, await ctxOf());
    expect(Buffer.from(media.bytes)).toEqual(Buffer.from(PNG_1X1, "base64"));
    expect(media).toMatchObject({ contentType: "image/png", name: "photo.png" });
    // The CDN link carries its own signature: our token never travels with it.
    expect(fake.calls("GET /cdn/photo.png")[0]!.headers.authorization).toBeUndefined();
    await expect(facebookAdapter.fetchMedia!(`${fake.url}/cdn/expired.png`, await ctxOf())).rejects.toBeInstanceOf(PermanentDeliveryError);
    process.env.KONVERSIO_ALLOW_PRIVATE_URLS = "0";
    try {
      await expect(facebookAdapter.fetchMedia!(`${fake.url}/cdn/photo.png`, await ctxOf())).rejects.toThrow(/private network/);
    } finally {
      process.env.KONVERSIO_ALLOW_PRIVATE_URLS = "1";
    }
  });

  it("fetches the sender's name and profile picture with the Page token", async () => {
    fake.state.profiles[PSID] = { token: FB.token, first_name: "Paula", last_name: "Pérez", picture: "avatar.png" };
    const profile = await facebookAdapter.fetchProfile!(PSID, await ctxOf());
    expect(profile!.name).toBe("Paula Pérez");
    expect(profile!.avatar!.contentType).toBe("image/png");
    expect(Buffer.from(profile!.avatar!.bytes)).toEqual(Buffer.from(PNG_1X1, "base64"));
    const [call] = fake.calls(`GET /${GRAPH_VERSION}/${PSID}`);
    expect(call!.query.fields).toBe(MESSENGER.profileFields);
    expect(call!.headers.authorization).toBe(`Bearer ${FB.token}`);
    await expect(facebookAdapter.fetchProfile!("1234567", await ctxOf())).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe("Messenger replies", () => {
  let conversationId: string;
  beforeAll(async () => {
    const id = mid();
    await postMeta(t.db, "facebook", inbox, pageBody([fromCustomer({ mid: id, text: "Hello page" })]), FB.appSecret);
    conversationId = (await t.db.select().from(messages).where(eq(messages.sourceId, id)))[0]!.conversationId;
  });
  const reply = async (content: string) => createMessage(t.db, await t.admin(), conversationId, { content });
  const sends = () => fake.calls(`POST /${GRAPH_VERSION}/${FB.pageId}/messages`);

  it("sends a RESPONSE message to the PSID with the Page token and stores Meta's message id", async () => {
    const m = await reply("Yes, in stock!");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(sends()).toHaveLength(1);
    expect(sends()[0]!.headers.authorization).toBe(`Bearer ${FB.token}`);
    expect(sends()[0]!.query.appsecret_proof).toBe(signMeta(FB.appSecret, FB.token).slice(7));
    expect(sends()[0]!.json).toEqual({ recipient: { id: PSID }, messaging_type: "RESPONSE", message: { text: "Yes, in stock!" } });
    const row = await messageRow(t.db, m.id);
    expect(row.status).toBe("sent");
    expect(row.sourceId).toMatch(/^m_/);

    // The receipt for that id moves the tick.
    await postMeta(t.db, "facebook", inbox, pageBody([{ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: 1, delivery: { mids: [row.sourceId], watermark: 1 } }]), FB.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("delivered");
    // A read watermark is acknowledged (applied by ingestion to every earlier reply).
    const read = pageBody([{ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: 2, read: { watermark: Date.now() } }]);
    expect((await postMeta(t.db, "facebook", inbox, read, FB.appSecret)).status).toBe(200);
  });

  it("a delivery receipt without mids (only the watermark Meta always sends) marks every earlier reply delivered", async () => {
    const first = await reply("First answer");
    const second = await reply("Second answer");
    await deliverMessage(t.db, first.id, { finalAttempt: false });
    await deliverMessage(t.db, second.id, { finalAttempt: false });
    const watermark = Date.now() + 1_000;
    const later = await reply("Written after the watermark");
    await t.db.update(messages).set({ createdAt: new Date(watermark + 60_000) }).where(eq(messages.id, later.id));
    await deliverMessage(t.db, later.id, { finalAttempt: false });

    const receipt = pageBody([{ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: watermark, delivery: { watermark } }]);
    expect((await postMeta(t.db, "facebook", inbox, receipt, FB.appSecret)).status).toBe(200);
    expect((await messageRow(t.db, first.id)).status).toBe("delivered");
    expect((await messageRow(t.db, second.id)).status).toBe("delivered");
    expect((await messageRow(t.db, later.id)).status).toBe("sent");

    // A delivery watermark never takes a read reply back to delivered.
    await postMeta(t.db, "facebook", inbox, pageBody([{ sender: { id: PSID }, recipient: { id: FB.pageId }, timestamp: watermark, read: { watermark } }]), FB.appSecret);
    await postMeta(t.db, "facebook", inbox, receipt, FB.appSecret);
    expect((await messageRow(t.db, first.id)).status).toBe("read");
  });

  it("sends each attachment by its signed public link", async () => {
    const message: OutboundMessage = {
      id: "m",
      conversationId,
      conversationNumber: 1,
      content: "",
      attachments: [outboundFile("bike.png", "image/png", Buffer.from(PNG_1X1, "base64")), outboundFile("terms.pdf", "application/pdf", Buffer.from("%PDF"))],
      createdAt: new Date(),
      sender: null,
      contact: { id: "c", sourceId: PSID, name: null, email: null, phone: null },
    };
    await facebookAdapter.send(message, await ctxOf());
    expect(sends().map((c) => c.json)).toEqual([
      { recipient: { id: PSID }, messaging_type: "RESPONSE", message: { attachment: { type: "image", payload: { url: message.attachments[0]!.publicUrl, is_reusable: false } } } },
      { recipient: { id: PSID }, messaging_type: "RESPONSE", message: { attachment: { type: "file", payload: { url: message.attachments[1]!.publicUrl, is_reusable: false } } } },
    ]);
  });

  it("retries rate limits (613, or 429 with Retry-After) and then delivers once", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/messages`, ...META_ERRORS.pageRateLimited });
    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/messages`, ...graphError(429, { message: "Too many calls", code: 4 }, { "retry-after": "12" }) });
    const m = await reply("Eventually");
    const first = await deliverMessage(t.db, m.id, { finalAttempt: false }).catch((e) => e);
    expect(first).toBeInstanceOf(RetryDelivery);
    expect(first.retryAfterSeconds).toBe(60);
    await expect(deliverMessage(t.db, m.id, { finalAttempt: false })).rejects.toMatchObject({ retryAfterSeconds: 12 });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(sends()).toHaveLength(3);
    expect((await messageRow(t.db, m.id)).status).toBe("sent");
  });

  it("fails at once with plain words outside the 24-hour window or when the person is unavailable", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/messages`, ...META_ERRORS.messengerWindowClosed });
    const late = await reply("Late answer");
    await deliverMessage(t.db, late.id, { finalAttempt: false });
    expect(await messageRow(t.db, late.id)).toMatchObject({ status: "failed", error: windowClosed(MESSENGER) });

    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/messages`, ...META_ERRORS.personUnavailable });
    const gone = await reply("Hello?");
    await deliverMessage(t.db, gone.id, { finalAttempt: false });
    expect((await messageRow(t.db, gone.id)).error).toMatch(/isn't available on Messenger/);
    expect((await inboxRow(t.db, inbox.id)).status).toBe("active");
  });

  it("marks the inbox as needing attention when the Page token was revoked", async () => {
    fake.fail({ match: `POST /${GRAPH_VERSION}/${FB.pageId}/messages`, ...META_ERRORS.invalidToken });
    const m = await reply("Token?");
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect((await messageRow(t.db, m.id)).status).toBe("failed");
    expect(await inboxRow(t.db, inbox.id)).toMatchObject({ status: "error", lastError: expect.stringMatching(/Configuration tab/) });
  });
});
