import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, inboxes, messages } from "@/db/schema";
import { LINE_ERRORS, LINE_TOKEN, lineMessageEvent, lineMessageId, lineUserId, routeLineMediaFetches, TINY_PNG } from "@/e2e/fakes/line";
import { serveAttachment } from "@/lib/attachments/access";
import { signedAttachmentUrl } from "@/lib/attachments/signed-url";
import { attachToConversation, storeAttachment, toMessageAttachment } from "@/lib/attachments/store";
import { createMessage, resendMessage } from "@/lib/conversations/reply";
import { deliverMessage, RetryDelivery } from "@/lib/conversations/delivery";
import { setupTestDb, TEST_APP_URL } from "@/e2e/support/db";
import { makeLineInbox, postLine, setupLineFake, webhook, type TestLineInbox } from "@/e2e/support/channels/line";
import { retryKey } from "./send";

const t = setupTestDb();
const line = setupLineFake();

// The fake downloads the images a push names, as LINE does; there is no app server here, so
// those downloads go straight to the attachment route.
beforeAll(() =>
  routeLineMediaFetches(async (url) => {
    const u = new URL(url);
    const id = /^\/api\/attachments\/([^/]+)$/.exec(u.pathname)?.[1];
    if (u.origin !== TEST_APP_URL || !id) return new Response("Not Found", { status: 404 });
    return serveAttachment(t.db, new Request(url), id, async () => null);
  }),
);
afterAll(() => routeLineMediaFetches(null));

/** A photo of random pixels: incompressible, so its JPEG is several MB. */
const noisePhoto = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();

async function row(id: string) {
  const [m] = await t.db.select().from(messages).where(eq(messages.id, id));
  return m!;
}
async function inboxRow(id: string) {
  const [r] = await t.db.select().from(inboxes).where(eq(inboxes.id, id));
  return r!;
}

/** A LINE friend writes in; answers the conversation id. */
async function conversationWith(inbox: TestLineInbox, user = lineUserId()) {
  line.fake.state.profiles[user] = { displayName: `Friend ${user.slice(-4)}` };
  const id = lineMessageId();
  expect((await postLine(t, inbox, webhook(inbox, [lineMessageEvent(user, { id, type: "text", text: "Hello shop" })]))).status).toBe(200);
  const [m] = await t.db.select().from(messages).where(eq(messages.sourceId, id));
  return { conversationId: m!.conversationId, user };
}

describe("LINE replies (push messages)", () => {
  let inbox: TestLineInbox;
  let conversationId: string;
  let user: string;
  beforeAll(async () => {
    inbox = await makeLineInbox(t, { name: "LINE replies" });
    ({ conversationId, user } = await conversationWith(inbox));
  });

  it("pushes the reply to the LINE user with a retry key and stores LINE's message id", async () => {
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Yes, the blue one is in stock." });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const calls = line.fake.calls("POST /v2/bot/message/push");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
    expect(calls[0]!.headers["content-type"]).toBe("application/json");
    expect(calls[0]!.headers["x-line-retry-key"]).toBe(reply.id);
    expect(calls[0]!.json).toEqual({ to: user, messages: [{ type: "text", text: "Yes, the blue one is in stock." }] });
    const m = await row(reply.id);
    expect(m.status).toBe("sent");
    expect(m.sourceId).toBe(line.fake.state.delivered[0]!.id);
    // LINE sends no receipts for push messages: nothing will move it past "sent".
  });

  it("retries a 500 with LINE's Retry-After, then delivers exactly once under the same retry key", async () => {
    line.fake.fail({ match: "POST /v2/bot/message/push", status: 500, body: { message: "Internal server error" }, headers: { "retry-after": "7" } });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Retry me" });
    const first = await deliverMessage(t.db, reply.id, { finalAttempt: false }).catch((e) => e);
    expect(first).toBeInstanceOf(RetryDelivery);
    expect(first.retryAfterSeconds).toBe(7);
    expect((await row(reply.id)).status).toBe("pending");
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect((await row(reply.id)).status).toBe("sent");
    const keys = line.fake.calls("POST /v2/bot/message/push").map((c) => c.headers["x-line-retry-key"]);
    expect(keys).toEqual([reply.id, reply.id]);
    expect(line.fake.state.delivered.filter((d) => d.message.text === "Retry me")).toHaveLength(1);
  });

  it("treats 409 (LINE already accepted this retry key, e.g. our answer was lost) as sent, without a second copy", async () => {
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Accepted but the answer was lost" });
    // The first attempt reached LINE, but the connection dropped before we read the answer.
    const lost = await fetch(`${line.fake.url}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${LINE_TOKEN}`, "content-type": "application/json", "x-line-retry-key": reply.id },
      body: JSON.stringify({ to: user, messages: [{ type: "text", text: "Accepted but the answer was lost" }] }),
    });
    const { sentMessages } = await lost.json();
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const m = await row(reply.id);
    expect(m).toMatchObject({ status: "sent", sourceId: sentMessages[0].id });
    expect(line.fake.state.delivered.filter((d) => d.message.text === "Accepted but the answer was lost")).toHaveLength(1);
  });

  it("honours Retry-After on LINE's rate limit (429) and retries", async () => {
    line.fake.fail({ match: "/push", status: 429, body: LINE_ERRORS.rateLimit, headers: { "retry-after": "30" } });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Slow down" });
    const err = await deliverMessage(t.db, reply.id, { finalAttempt: false }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryDelivery);
    expect(err.retryAfterSeconds).toBe(30);
    expect((await row(reply.id)).error).toMatch(/rate limiting.*The API rate limit has been exceeded/);
  });

  it("fails at once, in plain words, when LINE does not know the recipient; the inbox stays healthy", async () => {
    const { conversationId: other, user: stranger } = await conversationWith(inbox);
    delete line.fake.state.profiles[stranger];
    const reply = await createMessage(t.db, await t.admin(), other, { content: "Are you there?" });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const m = await row(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toMatch(/^LINE does not know this recipient.*LINE said: Failed to send messages$/);
    expect((await inboxRow(inbox.id)).status).toBe("active");
  });

  it("fails with the monthly limit and marks the inbox as needing attention; a resend after the fix goes out", async () => {
    line.fake.state.monthlyLimitReached = true;
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Over quota" });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    let m = await row(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toMatch(/used up this month's message allowance.*You have reached your monthly limit\./);
    expect(await inboxRow(inbox.id)).toMatchObject({ status: "error", lastError: m.error });

    line.fake.state.monthlyLimitReached = false;
    await resendMessage(t.db, await t.admin(), conversationId, reply.id);
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    m = await row(reply.id);
    expect(m.status).toBe("sent");
    expect((await inboxRow(inbox.id)).status).toBe("active");
  });

  it("fails with credentials needing attention when LINE rejects the token (401)", async () => {
    line.fake.fail({ match: "/push", status: 401, body: LINE_ERRORS.invalidToken });
    const reply = await createMessage(t.db, await t.admin(), conversationId, { content: "Token revoked" });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const m = await row(reply.id);
    expect(m.status).toBe("failed");
    expect(m.error).toMatch(/rejected the channel access token.*Authentication failed/);
    expect(await inboxRow(inbox.id)).toMatchObject({ status: "error" });
    expect(line.fake.state.delivered.filter((d) => d.message.text === "Token revoked")).toHaveLength(0);
  });

  it("sends images as LINE image messages and other files as a link; long replies split into several pushes", async () => {
    const admin = await t.admin();
    const png = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, name: "photo.png", bytes: TINY_PNG });
    const pdf = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, name: "invoice.pdf", bytes: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "latin1") });
    const long = Array.from({ length: 1800 }, (_, i) => `word${i}`).join(" "); // ~16,000 characters: four texts
    const reply = await createMessage(t.db, admin, conversationId, { content: long });
    await attachToConversation(t.db, [png.id, pdf.id], conversationId);
    await t.db.update(messages).set({ attachments: [toMessageAttachment(png), toMessageAttachment(pdf)] }).where(eq(messages.id, reply.id));
    await deliverMessage(t.db, reply.id, { finalAttempt: false });

    const pushes = line.fake.calls("POST /v2/bot/message/push");
    expect(pushes).toHaveLength(2);
    expect(pushes.map((p) => p.headers["x-line-retry-key"])).toEqual([reply.id, retryKey(reply.id, 1)]);
    expect(retryKey(reply.id, 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const objects = pushes.flatMap((p) => (p.json as { messages: Record<string, string>[] }).messages);
    const texts = objects.filter((o) => o.type === "text");
    expect(texts.slice(0, -1).every((o) => o.text!.length <= 5000)).toBe(true);
    expect(texts.slice(0, -1).map((o) => o.text).join(" ")).toBe(long);
    const image = objects.find((o) => o.type === "image")!;
    expect(image.originalContentUrl).toMatch(new RegExp(`^http://localhost:3999/api/attachments/${png.id}\\?expires=\\d+&signature=[0-9a-f]+$`));
    expect(image.previewImageUrl).toBe(image.originalContentUrl);
    const link = texts.at(-1)!.text!;
    expect(link).toMatch(new RegExp(`^📎 invoice\\.pdf \\(download link valid for 24 hours\\):\\nhttp://localhost:3999/api/attachments/${pdf.id}\\?expires=`));
    const m = await row(reply.id);
    expect(m.status).toBe("sent");
    expect(m.sourceId).toBe(line.fake.state.delivered[0]!.id);
  });
  it("sends a large photo with a downscaled preview LINE accepts (at most 1 MB), and the original for tapping", async () => {
    const admin = await t.admin();
    const photo = await noisePhoto(4000, 3000);
    expect(photo.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    const up = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, uploaderUserId: admin.id, name: "shelf.jpg", bytes: photo });
    const reply = await createMessage(t.db, admin, conversationId, { content: "Here is the shelf", attachmentIds: [up.id] });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });

    expect((await row(reply.id)).status).toBe("sent");
    const [push] = line.fake.calls("POST /v2/bot/message/push");
    const image = (push!.json as { messages: Record<string, string>[] }).messages[1]!;
    expect(image.type).toBe("image");
    expect(image.originalContentUrl).toMatch(new RegExp(`^${TEST_APP_URL}/api/attachments/${up.id}\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    expect(image.previewImageUrl).toMatch(new RegExp(`^${TEST_APP_URL}/api/attachments/${up.id}\\?variant=preview&expires=\\d+&signature=[0-9a-f]{64}$`));
    expect(line.fake.state.delivered.map((d) => d.message.type)).toEqual(["text", "image"]);
    // What LINE fetched for the chat bubble: the preview kept for this file, a 1024×768 JPEG.
    const [kept] = await t.db.select({ preview: attachments.preview }).from(attachments).where(eq(attachments.id, up.id));
    expect(kept!.preview!.byteLength).toBeLessThanOrEqual(1024 * 1024);
    expect(await sharp(kept!.preview!).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 768 });
  });

  it("the fake refuses, with LINE's error body, an image whose preview is the multi-MB original or not JPEG/PNG", async () => {
    const admin = await t.admin();
    const photo = await noisePhoto(2400, 1800);
    const gif = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
    const ups = await Promise.all(
      [["big.jpg", photo] as const, ["anim.gif", gif] as const].map(([name, bytes]) => storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, uploaderUserId: admin.id, name, bytes })),
    );
    await attachToConversation(t.db, ups.map((u) => u.id), conversationId);
    const [big, anim] = ups.map((u) => signedAttachmentUrl(u.id));
    const res = await fetch(`${line.fake.url}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${LINE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        to: user,
        messages: [
          { type: "image", originalContentUrl: big, previewImageUrl: big },
          { type: "image", originalContentUrl: big, previewImageUrl: anim },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "The request body has 2 error(s)",
      details: [
        { message: `The image must be at most 1 MB (got ${photo.byteLength} bytes)`, property: "messages[0].previewImageUrl" },
        { message: "The image must be JPEG or PNG (got image/gif)", property: "messages[1].previewImageUrl" },
      ],
    });
    expect(line.fake.state.delivered).toHaveLength(0);
  });

  it("sends an image that cannot be decoded as a download link, not a broken picture", async () => {
    const admin = await t.admin();
    const photo = await noisePhoto(2400, 1800);
    // Its first bytes say JPEG (so it was stored as one); the rest is cut off.
    const up = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, uploaderUserId: admin.id, name: "cut.jpg", bytes: photo.subarray(0, photo.byteLength >> 1) });
    expect(up.contentType).toBe("image/jpeg");
    const reply = await createMessage(t.db, admin, conversationId, { content: "", attachmentIds: [up.id] });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect((await row(reply.id)).status).toBe("sent");
    expect(line.fake.state.delivered.map((d) => d.message)).toEqual([
      { type: "text", text: expect.stringMatching(new RegExp(`^📎 cut\\.jpg \\(download link valid for 24 hours\\):\\n${TEST_APP_URL}/api/attachments/${up.id}\\?expires=`)) },
    ]);
  });
});
