import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { createMetaFake, META_ERRORS, META_FAKE, PNG_1X1 } from "@/e2e/fakes/meta";
import { RetryDelivery, deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { inboxContext } from "@/lib/inboxes/context";
import { setupTestDb } from "@/e2e/support/db";
import { windowClosed } from "../meta/messaging-send";
import { INSTAGRAM } from "../meta/messaging-spec";
import { countInboxes, countMessages, handshake, inboxRow, messageRow, metaRequest, postMeta } from "@/e2e/support/channels/meta";
import { instagramAdapter } from "./adapter";

const t = setupTestDb();
const fake = createMetaFake();
const IG = META_FAKE.instagram;
const IGSID = "1789012345678901";

type Inbox = { id: string; webhookUrl: string | null; verifyToken: string; config: Record<string, unknown> };
let inbox: Inbox;
const ctxOf = async () => inboxContext(await inboxRow(t.db, inbox.id)) as Parameters<typeof instagramAdapter.send>[1];

beforeAll(async () => {
  process.env.META_GRAPH_API_URL = await fake.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const channel = (over: Record<string, string> = {}) => ({ type: "instagram", instagramId: IG.instagramId, accessToken: IG.token, appSecret: IG.appSecret, ...over });
const igBody = (messaging: object[], id: string = IG.instagramId) => ({ object: "instagram", entry: [{ id, time: Date.now(), messaging }] });
const fromCustomer = (message: object) => ({ sender: { id: IGSID }, recipient: { id: IG.instagramId }, timestamp: Date.now(), message });
let seq = 0;
const mid = () => `aWdfZAG1faXRlbTo${++seq}${Date.now()}`;

describe("Instagram channel", () => {
  it("checks the account with its token and app secret, keeping the @username; refuses a wrong token", async () => {
    const before = await countInboxes(t.db);
    await expect(createInbox(t.db, await t.admin(), { name: "x", channel: channel({ accessToken: "EAAwrong" }) })).rejects.toMatchObject({
      code: "credentials_rejected",
      message: "Invalid OAuth access token - Cannot parse access token",
    });
    expect(await countInboxes(t.db)).toBe(before);
    inbox = (await createInbox(t.db, await t.admin(), { name: "Instagram DMs", channel: channel() })) as unknown as Inbox;
    expect(inbox.config).toEqual({ instagramId: IG.instagramId, username: "acme.bikes" });
    expect(fake.calls(`GET /v21.0/${IG.instagramId}`)[0]!.query.fields).toBe("id,username");
    expect((await inboxRow(t.db, inbox.id)).channelKey).toBe(`instagram:${IG.instagramId}`);
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

  it("replies without messaging_type, marks the message read by its id, and fetches the profile", async () => {
    const id = mid();
    await postMeta(t.db, "instagram", inbox, igBody([fromCustomer({ mid: id, text: "Hi" })]), IG.appSecret);
    const conversationId = (await t.db.select().from(messages).where(eq(messages.sourceId, id)))[0]!.conversationId;
    const m = await createMessage(t.db, await t.admin(), conversationId, { content: "Hi! Yes it is." });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const [send] = fake.calls(`POST /v21.0/${IG.instagramId}/messages`);
    expect(send!.headers.authorization).toBe(`Bearer ${IG.token}`);
    expect(send!.json).toEqual({ recipient: { id: IGSID }, message: { text: "Hi! Yes it is." } });
    const sourceId = (await messageRow(t.db, m.id)).sourceId!;
    await postMeta(t.db, "instagram", inbox, igBody([{ sender: { id: IGSID }, recipient: { id: IG.instagramId }, timestamp: Date.now(), read: { mid: sourceId } }]), IG.appSecret);
    expect((await messageRow(t.db, m.id)).status).toBe("read");

    fake.state.profiles[IGSID] = { token: IG.token, username: "paula.rides", picture: "avatar.png" };
    const profile = await instagramAdapter.fetchProfile!(IGSID, await ctxOf());
    expect(profile!.name).toBe("paula.rides");
    expect(Buffer.from(profile!.avatar!.bytes)).toEqual(Buffer.from(PNG_1X1, "base64"));
    expect(fake.calls(`GET /v21.0/${IGSID}`)[0]!.query.fields).toBe(INSTAGRAM.profileFields);

    // Instagram's limit is 1000 characters: a longer reply goes out in pieces.
    fake.reset();
    const long = await createMessage(t.db, await t.admin(), conversationId, { content: "word ".repeat(300).trim() });
    await deliverMessage(t.db, long.id, { finalAttempt: false });
    const pieces = fake.calls(`POST /v21.0/${IG.instagramId}/messages`).map((c) => (c.json as { message: { text: string } }).message.text);
    expect(pieces.length).toBe(2);
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
    expect(pieces.join(" ")).toBe("word ".repeat(300).trim());
  });

  it("classifies Instagram's window error as permanent and 5xx as transient", async () => {
    const id = mid();
    await postMeta(t.db, "instagram", inbox, igBody([fromCustomer({ mid: id, text: "Hey" })]), IG.appSecret);
    const conversationId = (await t.db.select().from(messages).where(eq(messages.sourceId, id)))[0]!.conversationId;
    fake.fail({ match: `POST /v21.0/${IG.instagramId}/messages`, ...META_ERRORS.serverError });
    fake.fail({ match: `POST /v21.0/${IG.instagramId}/messages`, ...META_ERRORS.instagramWindowClosed });
    const m = await createMessage(t.db, await t.admin(), conversationId, { content: "Too late?" });
    await expect(deliverMessage(t.db, m.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(await messageRow(t.db, m.id)).toMatchObject({ status: "failed", error: windowClosed(INSTAGRAM) });
    expect(fake.calls(`POST /v21.0/${IG.instagramId}/messages`)).toHaveLength(2);
  });
});
