import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, beforeAll } from "vitest";
import { contactIdentities, conversations, messages } from "@/db/schema";
import { LINE_SECRET, LINE_TOKEN, LINE_ERRORS, lineMessageEvent, lineMessageId, lineUserId, TINY_PNG } from "@/e2e/fakes/line";
import { getAdapter } from "@/lib/channels/registry";
import { PermanentDeliveryError, TransientDeliveryError } from "@/lib/channels/types";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxRow } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { makeLineInbox, postLine, setupLineFake, webhook, type TestLineInbox } from "@/e2e/support/channels/line";

const t = setupTestDb();
const line = setupLineFake();
const adapter = () => getAdapter("line")!;

async function count(inboxId: string) {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.inboxId, inboxId));
  return r!.n;
}
const stored = (inboxId: string, sourceId: string) =>
  t.db.select().from(messages).where(and(eq(messages.inboxId, inboxId), eq(messages.sourceId, sourceId)));

describe("LINE inbound webhooks", () => {
  let inbox: TestLineInbox;
  beforeAll(async () => {
    inbox = await makeLineInbox(t, { name: "LINE Shop" });
  });

  it("stores a signed text message once, from the LINE user, at LINE's timestamp", async () => {
    const user = lineUserId();
    const id = lineMessageId();
    const event = { ...lineMessageEvent(user, { id, type: "text", text: "こんにちは! Is the blue one in stock?" }), timestamp: Date.parse("2026-03-01T10:00:00Z") };
    const res = await postLine(t, inbox, webhook(inbox, [event]));
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    const [m] = await stored(inbox.id, id);
    expect(m).toMatchObject({ kind: "incoming", content: "こんにちは! Is the blue one in stock?", createdAt: new Date("2026-03-01T10:00:00Z") });
    const [identity] = await t.db
      .select({ sourceId: contactIdentities.sourceId })
      .from(conversations)
      .innerJoin(contactIdentities, eq(contactIdentities.id, conversations.contactIdentityId))
      .where(eq(conversations.id, m!.conversationId));
    expect(identity!.sourceId).toBe(user);
    // LINE redelivers with a new webhookEventId and isRedelivery; the message id is what counts.
    const again = { ...event, webhookEventId: "01REDELIVERED", deliveryContext: { isRedelivery: true } };
    expect((await postLine(t, inbox, webhook(inbox, [again]))).status).toBe(200);
    expect(await stored(inbox.id, id)).toHaveLength(1);
  });

  it("answers LINE's Verify button (no events) with 200 and stores nothing", async () => {
    const before = await count(inbox.id);
    expect(await postLine(t, inbox, webhook(inbox, []))).toMatchObject({ status: 200 });
    expect(await count(inbox.id)).toBe(before);
  });

  it("rejects a missing, wrong or tampered signature with 401 and stores nothing", async () => {
    const before = await count(inbox.id);
    const body = webhook(inbox, [lineMessageEvent(lineUserId(), { id: lineMessageId(), type: "text", text: "forged" })]);
    const cases = [
      postLine(t, inbox, body, { signature: null }),
      postLine(t, inbox, body, { signature: "" }),
      postLine(t, inbox, body, { secret: "ffffffffffffffffffffffffffffffff" }),
      // The access token is not the signing key.
      postLine(t, inbox, body, { secret: LINE_TOKEN }),
      // A hex signature of the right key is not LINE's (base64) format.
      postLine(t, inbox, body, { signature: createHmac("sha256", LINE_SECRET).update(body).digest("hex") }),
    ];
    const tampered = body.replace("forged", "forgeD");
    cases.push(postLine(t, inbox, tampered, { signature: createHmac("sha256", LINE_SECRET).update(body).digest("base64") }));
    for (const res of await Promise.all(cases)) expect(res.status).toBe(401);
    expect(await count(inbox.id)).toBe(before);
  });

  it("stores one message when the same webhook arrives five times at once", async () => {
    const id = lineMessageId();
    const body = webhook(inbox, [lineMessageEvent(lineUserId(), { id, type: "text", text: "Five times" })]);
    const results = await Promise.all(Array.from({ length: 5 }, () => postLine(t, inbox, body)));
    for (const r of results) expect(r.status).toBe(200);
    expect(await stored(inbox.id, id)).toHaveLength(1);
  });

  it("acknowledges malformed bodies with 200 (LINE would only redeliver) and stores nothing", async () => {
    const before = await count(inbox.id);
    for (const body of ["{not json", "[]", JSON.stringify({ destination: inbox.config.botUserId }), JSON.stringify({ events: "nope" }), ""]) {
      const res = await postLine(t, inbox, body);
      expect(res.status).toBe(200);
    }
    // A batch with one broken event still stores the good one.
    const good = lineMessageId();
    const res = await postLine(t, inbox, webhook(inbox, [{ type: "message", source: { type: "user" } }, lineMessageEvent(lineUserId(), { id: good, type: "text", text: "ok" })]));
    expect(res.status).toBe(200);
    expect(await count(inbox.id)).toBe(before + 1);
  });

  it("ignores events it does not use: follow, unfollow, postback, groups, rooms, other bots", async () => {
    const before = await count(inbox.id);
    const user = lineUserId();
    const base = { mode: "active", timestamp: Date.now(), webhookEventId: "01X", deliveryContext: { isRedelivery: false }, source: { type: "user", userId: user } };
    const events = [
      { ...base, type: "follow", replyToken: "r", follow: { isUnblocked: false } },
      { ...base, type: "unfollow" },
      { ...base, type: "postback", replyToken: "r", postback: { data: "a=1" } },
      lineMessageEvent(user, { id: lineMessageId(), type: "text", text: "in a group" }, { type: "group", groupId: "C" + "1".repeat(32) }),
      lineMessageEvent(user, { id: lineMessageId(), type: "text", text: "in a room" }, { type: "room", roomId: "R" + "1".repeat(32) }),
    ];
    expect((await postLine(t, inbox, webhook(inbox, events))).status).toBe(200);
    const otherBot = JSON.stringify({ destination: "U" + "9".repeat(32), events: [lineMessageEvent(user, { id: lineMessageId(), type: "text", text: "not for us" })] });
    expect((await postLine(t, inbox, otherBot)).status).toBe(200);
    expect(await count(inbox.id)).toBe(before);
  });

  it("turns media, files, stickers, locations and unknown types into messages an agent can read", async () => {
    const user = lineUserId();
    const ids = { image: lineMessageId(), ext: lineMessageId(), file: lineMessageId(), audio: lineMessageId(), sticker: lineMessageId(), text: lineMessageId(), location: lineMessageId(), bare: lineMessageId(), unknown: lineMessageId() };
    const events = [
      lineMessageEvent(user, { id: ids.image, type: "image", contentProvider: { type: "line" }, imageSet: { id: "S", index: 1, total: 2 } }),
      lineMessageEvent(user, { id: ids.ext, type: "image", contentProvider: { type: "external", originalContentUrl: "https://cdn.example.com/a.jpg", previewImageUrl: "https://cdn.example.com/p.jpg" } }),
      lineMessageEvent(user, { id: ids.file, type: "file", fileName: "invoice.pdf", fileSize: 2048 }),
      lineMessageEvent(user, { id: ids.audio, type: "audio", duration: 6000, contentProvider: { type: "line" } }),
      lineMessageEvent(user, { id: ids.sticker, type: "sticker", packageId: "446", stickerId: "1988", stickerResourceType: "STATIC", keywords: ["happy", "smile", "joy", "fun", "yay", "sixth"] }),
      lineMessageEvent(user, { id: ids.text, type: "sticker", packageId: "1", stickerId: "2", stickerResourceType: "MESSAGE", keywords: ["x"], text: "Thank you!" }),
      lineMessageEvent(user, { id: ids.location, type: "location", title: "Tokyo Tower", address: "4-2-8 Shibakoen, Minato City, Tokyo", latitude: 35.65861, longitude: 139.74556 }),
      lineMessageEvent(user, { id: ids.bare, type: "location", latitude: -33.8568, longitude: 151.2153 }),
      lineMessageEvent(user, { id: ids.unknown, type: "hologram" }),
    ];
    const parsed = adapter().webhook!.parse({ method: "POST", url: inbox.webhookUrl, headers: new Headers(), query: new URLSearchParams(), body: Buffer.from(webhook(inbox, events)) }, inboxContext((await findInboxRow(t.db, inbox.id))!));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const bySource = Object.fromEntries(parsed.events.map((e) => (e.type === "message" ? [e.message.sourceId, e.message] : ["", null])));
    expect(bySource[ids.image]).toMatchObject({ content: "", media: [{ ref: ids.image, kind: "image" }] });
    expect(bySource[ids.ext]).toMatchObject({ media: [{ ref: "https://cdn.example.com/a.jpg", kind: "image" }] });
    expect(bySource[ids.file]).toMatchObject({ content: "", media: [{ ref: ids.file, kind: "file", name: "invoice.pdf" }] });
    expect(bySource[ids.audio]).toMatchObject({ media: [{ ref: ids.audio, kind: "audio" }] });
    expect(bySource[ids.sticker]).toMatchObject({ content: "Sticker (happy, smile, joy, fun, yay)" });
    expect(bySource[ids.text]).toMatchObject({ content: "Sticker: “Thank you!”" });
    expect(bySource[ids.location]!.content).toBe(
      "📍 Tokyo Tower\n4-2-8 Shibakoen, Minato City, Tokyo\nhttps://www.openstreetmap.org/?mlat=35.65861&mlon=139.74556#map=17/35.65861/139.74556",
    );
    expect(bySource[ids.bare]!.content).toBe("📍 Shared a location\nhttps://www.openstreetmap.org/?mlat=-33.8568&mlon=151.2153#map=17/-33.8568/151.2153");
    expect(bySource[ids.unknown]!.content).toMatch(/hologram message/);

    // Through the real pipeline, every one is stored in the same conversation.
    expect((await postLine(t, inbox, webhook(inbox, events))).status).toBe(200);
    const rows = await t.db.select().from(messages).where(eq(messages.inboxId, inbox.id));
    const mine = rows.filter((r) => Object.values(ids).includes(r.sourceId!));
    expect(mine).toHaveLength(9);
    expect(new Set(mine.map((r) => r.conversationId)).size).toBe(1);
  });

  it("downloads message content from LINE for fetchMedia", async () => {
    const ctx = inboxContext((await findInboxRow(t.db, inbox.id))!);
    const id = lineMessageId();
    line.fake.state.content[id] = { base64: TINY_PNG.toString("base64"), contentType: "image/png" };
    const media = await adapter().fetchMedia!(id, ctx);
    expect(Buffer.from(media.bytes).equals(TINY_PNG)).toBe(true);
    expect(media).toMatchObject({ contentType: "image/png", name: `line-image-${id}.png` });
    const [call] = line.fake.calls(`GET /v2/bot/message/${id}/content`);
    expect(call!.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);

    // Still transcoding → retry later; expired or unknown → final; revoked token → inbox needs attention.
    const pending = lineMessageId();
    line.fake.state.content[pending] = { base64: "", contentType: "video/mp4", pending: true };
    await expect(adapter().fetchMedia!(pending, ctx)).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(adapter().fetchMedia!(lineMessageId(), ctx)).rejects.toThrow(/no longer holds this file.*Not found/);
    line.fake.fail({ match: "/content", status: 500, body: { message: "Internal server error" } });
    await expect(adapter().fetchMedia!(id, ctx)).rejects.toBeInstanceOf(TransientDeliveryError);
    line.fake.fail({ match: "/content", status: 401, body: LINE_ERRORS.invalidToken });
    const revoked = await adapter().fetchMedia!(id, ctx).catch((e) => e);
    expect(revoked).toBeInstanceOf(PermanentDeliveryError);
    expect(revoked.credentials).toBe(true);
    await expect(adapter().fetchMedia!("../../v2/bot/info", ctx)).rejects.toBeInstanceOf(PermanentDeliveryError);

    // Externally hosted content is fetched from its URL (private addresses are allowed in tests).
    const external = await adapter().fetchMedia!(`${line.fake.url}/cdn/avatar.png`, ctx);
    expect(external.contentType).toBe("image/png");
  });

  it("reads the contact's name and picture with fetchProfile; strangers have none", async () => {
    const ctx = inboxContext((await findInboxRow(t.db, inbox.id))!);
    const user = lineUserId();
    line.fake.state.profiles[user] = { displayName: "Sakura Tanaka", pictureUrl: "/cdn/avatar.png", statusMessage: "hi", language: "ja" };
    const profile = await adapter().fetchProfile!(user, ctx);
    expect(profile?.name).toBe("Sakura Tanaka");
    expect(profile?.avatar?.contentType).toBe("image/png");
    expect(Buffer.from(profile!.avatar!.bytes).equals(TINY_PNG)).toBe(true);
    expect(line.fake.calls(`GET /v2/bot/profile/${user}`)[0]!.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);

    line.fake.state.profiles[user] = { displayName: "No Picture", pictureUrl: "/cdn/missing.png" };
    expect(await adapter().fetchProfile!(user, ctx)).toEqual({ name: "No Picture" });
    expect(await adapter().fetchProfile!(lineUserId(), ctx)).toBeNull();
  });
});
