import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { createInstagramFake, createMetaFake, META_ERRORS, META_FAKE, PNG_1X1 } from "@/e2e/fakes/meta";
import { RetryDelivery, deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { inboxContext } from "@/lib/inboxes/context";
import { setupTestDb } from "@/e2e/support/db";
import { windowClosed } from "../meta/messaging-send";
import { INSTAGRAM } from "../meta/messaging-spec";
import { countInboxes, countMessages, handshake, inboxRow, messageRow, metaRequest, postMeta } from "@/e2e/support/channels/meta";
import { instagramAdapter } from "./adapter";
import { GRAPH_VERSION } from "@/lib/channels/meta/version";

const t = setupTestDb();
// Instagram calls go to graph.instagram.com (`fake`); `graph` stands for graph.facebook.com, which must see none of them.
const fake = createInstagramFake();
const graph = createMetaFake();
const IG = META_FAKE.instagram;
const IGSID = "1789012345678901";

type Inbox = { id: string; webhookUrl: string | null; verifyToken: string; config: Record<string, unknown> };
let inbox: Inbox;
const ctxOf = async () => inboxContext(await inboxRow(t.db, inbox.id)) as Parameters<typeof instagramAdapter.send>[1];

beforeAll(async () => {
  process.env.INSTAGRAM_API_URL = await fake.start();
  process.env.META_GRAPH_API_URL = await graph.start();
});
afterAll(() => Promise.all([fake.close(), graph.close()]));
beforeEach(() => {
  fake.reset();
  graph.reset();
});

const channel = (over: Record<string, string> = {}) => ({ type: "instagram", instagramId: IG.instagramId, accessToken: IG.token, appSecret: IG.appSecret, ...over });
const igBody = (messaging: object[], id: string = IG.instagramId) => ({ object: "instagram", entry: [{ id, time: Date.now(), messaging }] });
const fromCustomer = (message: object) => ({ sender: { id: IGSID }, recipient: { id: IG.instagramId }, timestamp: Date.now(), message });
let seq = 0;
const mid = () => `aWdfZAG1faXRlbTo${++seq}${Date.now()}`;
const sentTexts = () => fake.calls(`POST /${GRAPH_VERSION}/${IG.instagramId}/messages`).map((c) => (c.json as { message: { text: string } }).message.text);
const OTHER = { instagramId: "17841499999999999", token: "IGAAother-account-token", appSecret: IG.appSecret };

/** A conversation with one incoming DM, for the reply tests. */
async function conversationWithDm(text: string) {
  const id = mid();
  await postMeta(t.db, "instagram", inbox, igBody([fromCustomer({ mid: id, text })]), IG.appSecret);
  return (await t.db.select().from(messages).where(eq(messages.sourceId, id)))[0]!.conversationId;
}

describe("Instagram channel", () => {
  it("checks the token on graph.instagram.com with GET /me, keeping the @username; refuses a wrong token, another account's token and a wrong app secret", async () => {
    fake.state.instagramAccounts[OTHER.instagramId] = { token: OTHER.token, appSecret: OTHER.appSecret, username: "someone.else", appScopedId: "9000000000000001" };
    const before = await countInboxes(t.db);
    // A Facebook Page token pasted by mistake: graph.instagram.com cannot parse it (190).
    const wrong = await createInbox(t.db, await t.admin(), { name: "x", channel: channel({ accessToken: "EAApage-valid-token" }) }).catch((e) => e);
    expect(wrong).toMatchObject({ code: "credentials_rejected" });
    expect(wrong.message).toMatch(/^Instagram rejected this access token: Invalid OAuth access token - Cannot parse access token\. Use an Instagram User access token/);
    // A valid Instagram token, but of another professional account: 422, nothing saved.
    const foreign = await createInbox(t.db, await t.admin(), { name: "x", channel: channel({ accessToken: OTHER.token }) }).catch((e) => e);
    expect(foreign).toMatchObject({ code: "credentials_rejected" });
    expect(foreign.message).toContain(`belongs to the Instagram account @someone.else (ID ${OTHER.instagramId}), not to the account ID ${IG.instagramId}`);
    await expect(createInbox(t.db, await t.admin(), { name: "x", channel: channel({ appSecret: "not-the-app-secret" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid appsecret_proof provided in the API argument",
    });
    expect(await countInboxes(t.db)).toBe(before);

    fake.reset();
    inbox = (await createInbox(t.db, await t.admin(), { name: "Instagram DMs", channel: channel() })) as unknown as Inbox;
    expect(inbox.config).toEqual({ instagramId: IG.instagramId, username: "acme.bikes" });
    const [me] = fake.calls(`GET /${GRAPH_VERSION}/me`);
    expect(me!.headers.authorization).toBe(`Bearer ${IG.token}`);
    expect(me!.query.fields).toBe("user_id,username");
    expect(me!.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    expect((await inboxRow(t.db, inbox.id)).channelKey).toBe(`instagram:${IG.instagramId}`);
    expect(graph.calls()).toEqual([]);
    expect((await handshake(t.db, "instagram", inbox, { "hub.mode": "subscribe", "hub.verify_token": inbox.verifyToken, "hub.challenge": "7" })).body).toBe("7");
  });

  it("stores signed DMs once and ignores forgeries, echoes, deletions and other accounts", async () => {
    const id = mid();
    const body = igBody([fromCustomer({ mid: id, text: "Is this still available?" })]);
    expect((await postMeta(t.db, "instagram", inbox, body, "forged")).status).toBe(401);
    const results = await Promise.all(Array.from({ length: 5 }, () => postMeta(t.db, "instagram", inbox, body, IG.appSecret)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await t.db.select().from(messages).where(eq(messages.sourceId, id))).toHaveLength(1);

    const before = await countMessages(t.db, inbox.id);
    for (const b of [
      igBody([{ sender: { id: IG.instagramId }, recipient: { id: IGSID }, timestamp: Date.now(), message: { mid: mid(), text: "our reply", is_echo: true } }]),
      igBody([fromCustomer({ mid: mid(), is_deleted: true })]),
      igBody([fromCustomer({ mid: mid(), text: "elsewhere" })], "17841400000000000"),
      { object: "instagram", entry: [{ id: IG.instagramId, messaging: "?" }] },
    ]) {
      expect((await postMeta(t.db, "instagram", inbox, b, IG.appSecret)).status).toBe(200);
    }
    expect(await countMessages(t.db, inbox.id)).toBe(before);
  });

  it("shows shares, story mentions and unsupported messages as text and keeps media as refs", async () => {
    const items = [
      fromCustomer({ mid: "ig_img", attachments: [{ type: "image", payload: { url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1" } }] }),
      fromCustomer({ mid: "ig_share", attachments: [{ type: "share", payload: { url: "https://www.instagram.com/p/abc/" } }] }),
      fromCustomer({ mid: "ig_story", attachments: [{ type: "story_mention", payload: { url: "https://lookaside.fbsbx.com/story" } }] }),
      fromCustomer({ mid: "ig_odd", is_unsupported: true }),
    ];
    const parsed = instagramAdapter.webhook!.parse({ ...metaRequest(igBody(items), null), url: "" }, await ctxOf());
    if (!parsed.ok) throw new Error(parsed.issues.join());
    const by = Object.fromEntries(parsed.events.map((e) => (e.type === "message" ? [e.message.sourceId, e.message] : ["", null])));
    expect(by.ig_img!.media).toEqual([{ ref: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1", kind: "image" }]);
    expect(by.ig_share!.content).toBe("🔗 Shared a link: https://www.instagram.com/p/abc/");
    expect(by.ig_story!.content).toBe("📣 Mentioned you in their story: https://lookaside.fbsbx.com/story");
    expect(by.ig_odd!.content).toMatch(/Instagram does not let apps show/);
  });

  it("replies on graph.instagram.com without messaging_type, marks the message read by its id, and fetches the profile there", async () => {
    const conversationId = await conversationWithDm("Hi");
    const m = await createMessage(t.db, await t.admin(), conversationId, { content: "Hi! Yes it is." });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const [send] = fake.calls(`POST /${GRAPH_VERSION}/${IG.instagramId}/messages`);
    expect(send!.headers.authorization).toBe(`Bearer ${IG.token}`);
    expect(send!.json).toEqual({ recipient: { id: IGSID }, message: { text: "Hi! Yes it is." } });
    const sourceId = (await messageRow(t.db, m.id)).sourceId!;
    await postMeta(t.db, "instagram", inbox, igBody([{ sender: { id: IGSID }, recipient: { id: IG.instagramId }, timestamp: Date.now(), read: { mid: sourceId } }]), IG.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("read");

    fake.state.profiles[IGSID] = { token: IG.token, username: "paula.rides", picture: "avatar.png" };
    const profile = await instagramAdapter.fetchProfile!(IGSID, await ctxOf());
    expect(profile!.name).toBe("paula.rides");
    expect(Buffer.from(profile!.avatar!.bytes)).toEqual(Buffer.from(PNG_1X1, "base64"));
    expect(fake.calls(`GET /${GRAPH_VERSION}/${IGSID}`)[0]!.query.fields).toBe(INSTAGRAM.profileFields);
    expect(graph.calls()).toEqual([]);

    // Instagram's limit is 1000 bytes: a longer ASCII reply goes out in pieces, cut between words.
    fake.reset();
    const long = await createMessage(t.db, await t.admin(), conversationId, { content: "word ".repeat(300).trim() });
    await deliverMessage(t.db, long.id, { finalAttempt: false });
    expect(sentTexts().length).toBe(2);
    expect(sentTexts().join(" ")).toBe("word ".repeat(300).trim());
  });

  it("splits a reply at 1000 bytes of UTF-8, not 1000 characters: 400 Japanese characters are 1200 bytes", async () => {
    const conversationId = await conversationWithDm("在庫はありますか？");
    const sentence = "ご連絡ありがとうございます。"; // 14 characters, 42 bytes
    const japanese = sentence.repeat(28) + "よろしくお願いします。".repeat(3).slice(0, 8); // 400 characters
    expect(Array.from(japanese)).toHaveLength(400);
    const m = await createMessage(t.db, await t.admin(), conversationId, { content: japanese });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(await messageRow(t.db, m.id)).toMatchObject({ status: "sent", error: null });
    const pieces = sentTexts();
    expect(pieces).toHaveLength(2);
    expect(pieces.every((p) => Buffer.byteLength(p, "utf8") <= 1000)).toBe(true);
    // Cut after a full stop, not mid-sentence, and nothing lost.
    expect(pieces[0]!.endsWith("。")).toBe(true);
    expect(pieces.join("")).toBe(japanese);

    // Emoji are 4 bytes (a family emoji 18): 300 of them go out whole, in pieces of at most 1000 bytes.
    fake.reset();
    const emoji = "👍".repeat(290) + "👨‍👩‍👧".repeat(10);
    const e = await createMessage(t.db, await t.admin(), conversationId, { content: emoji });
    await deliverMessage(t.db, e.id, { finalAttempt: false });
    expect(sentTexts().every((p) => Buffer.byteLength(p, "utf8") <= 1000)).toBe(true);
    expect(sentTexts().join("")).toBe(emoji);
    expect(sentTexts().length).toBe(2);
  });

  it("classifies Instagram's window error as permanent and 5xx as transient", async () => {
    const conversationId = await conversationWithDm("Hey");
    fake.fail({ match: `POST /${GRAPH_VERSION}/${IG.instagramId}/messages`, ...META_ERRORS.serverError });
    fake.fail({ match: `POST /${GRAPH_VERSION}/${IG.instagramId}/messages`, ...META_ERRORS.instagramWindowClosed });
    const m = await createMessage(t.db, await t.admin(), conversationId, { content: "Too late?" });
    await expect(deliverMessage(t.db, m.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(await messageRow(t.db, m.id)).toMatchObject({ status: "failed", error: windowClosed(INSTAGRAM) });
    expect(fake.calls(`POST /${GRAPH_VERSION}/${IG.instagramId}/messages`)).toHaveLength(2);
  });
  it("the fakes answer like Meta's hosts: graph.facebook.com refuses Instagram User tokens, graph.instagram.com Facebook tokens and Graph-only objects", async () => {
    const get = async (base: string, path: string, token: string) => {
      const res = await fetch(`${base}/${GRAPH_VERSION}/${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as { error?: { code: number; type: string; message: string; fbtrace_id: string } } };
    };
    const onGraph = await get(graph.url, IG.instagramId + "?fields=id,username", IG.token);
    expect(onGraph.status).toBeGreaterThanOrEqual(400);
    expect(onGraph.body.error).toMatchObject({ code: 190, type: "OAuthException", message: "Invalid OAuth access token - Cannot parse access token" });
    expect(onGraph.body.error!.fbtrace_id).toBeTruthy();
    expect((await get(fake.url, "me?fields=user_id", META_FAKE.facebook.token)).body.error).toMatchObject({ code: 190 });
    expect((await get(fake.url, META_FAKE.whatsapp.phoneNumberId, IG.token)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await get(fake.url, "me?fields=user_id,username", IG.token)).body).toEqual({ user_id: IG.instagramId, username: "acme.bikes", id: "9483120476184033" });
  });
});
