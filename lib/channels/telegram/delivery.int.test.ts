import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inboxes, messages } from "@/db/schema";
import { FAKE_CUSTOMER, TINY_JPEG } from "@/e2e/fakes/telegram";
import type { Actor } from "@/lib/access/actor";
import { getAdapter } from "@/lib/channels/registry";
import { PermanentDeliveryError, TransientDeliveryError, type OutboundAttachment, type OutboundMessage } from "@/lib/channels/types";
import { deliverMessage, RetryDelivery } from "@/lib/conversations/delivery";
import { uploadAgentAttachment } from "@/lib/conversations/agent-attachments";
import { createMessage } from "@/lib/conversations/reply";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxRow } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { makeTelegramInbox, messageUpdate, postUpdate, setupTelegramFake, type TelegramTestInbox } from "@/e2e/support/channels/telegram";

const t = setupTestDb();
const { fake } = setupTelegramFake();
const adapter = () => getAdapter("telegram")!;

const messageRow = async (id: string) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const inboxRow = async (id: string) => (await t.db.select().from(inboxes).where(eq(inboxes.id, id)))[0]!;
const ctxOf = async (id: string) => inboxContext((await findInboxRow(t.db, id))!);

/** Lets deliverMessage's rejection be inspected (vitest's rejects cannot reach retryAfterSeconds). */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

function uploadRequest(name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name));
  return new Request("http://localhost:3999/api/v1/conversations/x/attachments", { method: "POST", body: form });
}

function attachment(name: string, contentType: string, bytes: Buffer): OutboundAttachment {
  return { id: name, name, contentType, size: bytes.length, publicUrl: `https://example.test/${name}`, read: async () => bytes };
}

function outbound(content: string, attachments: OutboundAttachment[] = [], chatId = String(FAKE_CUSTOMER.id)): OutboundMessage {
  return {
    id: "m1",
    conversationId: "c1",
    conversationNumber: 1,
    content,
    attachments,
    createdAt: new Date(),
    sender: null,
    contact: { id: "k1", sourceId: chatId, name: null, email: null, phone: null },
  };
}

describe("replies to Telegram", () => {
  let inbox: TelegramTestInbox;
  let admin: Actor;
  let conversationId: string;

  beforeAll(async () => {
    admin = await t.admin();
    inbox = await makeTelegramInbox(t.db, admin, fake);
    await postUpdate(t.db, inbox, messageUpdate({ text: "Can I return these shoes?" }, { messageId: 5 }));
    const [m] = await t.db.select().from(messages).where(eq(messages.inboxId, inbox.id));
    conversationId = m!.conversationId;
  });
  beforeEach(() => fake.reset());

  const reply = (content: string) => createMessage(t.db, admin, conversationId, { content });

  it("sends a reply with sendMessage to the customer's chat and stores <chat>:<message_id>", async () => {
    const r = await reply("Yes, within 30 days.");
    await deliverMessage(t.db, r.id, { finalAttempt: false });

    const calls = fake.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe("POST");
    expect(calls[0]!.path).toBe(`/bot${inbox.bot.token}/sendMessage`);
    expect(calls[0]!.headers["content-type"]).toBe("application/json");
    expect(calls[0]!.json).toEqual({ chat_id: String(FAKE_CUSTOMER.id), text: "Yes, within 30 days." });
    const m = await messageRow(r.id);
    expect(m.status).toBe("sent");
    expect(m.sourceId).toBe(`${FAKE_CUSTOMER.id}:${fake.state.nextMessageId - 1}`);
    expect(m.error).toBeNull();
  });

  it("retries after Telegram's retry_after on 429, then delivers exactly once", async () => {
    fake.fail({
      match: "sendMessage",
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } },
      headers: { "retry-after": "7" },
    });
    const r = await reply("Sorry for the wait!");
    const e = await thrown(deliverMessage(t.db, r.id, { finalAttempt: false }));
    expect(e).toBeInstanceOf(RetryDelivery);
    expect((e as RetryDelivery).retryAfterSeconds).toBe(7);
    expect(await messageRow(r.id)).toMatchObject({ status: "pending", error: expect.stringContaining("Too Many Requests") });

    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(await messageRow(r.id)).toMatchObject({ status: "sent", error: null });
    // A stray redelivery of the job sends nothing more.
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(fake.calls("sendMessage")).toHaveLength(2);
  });

  it("reads the wait from the body when Telegram sends no Retry-After header", async () => {
    fake.fail({ match: "sendMessage", status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 12", parameters: { retry_after: 12 } } });
    const e = await thrown(adapter().send(outbound("x"), await ctxOf(inbox.id)));
    expect(e).toBeInstanceOf(TransientDeliveryError);
    expect((e as TransientDeliveryError).retryAfterSeconds).toBe(12);
  });

  it("treats 5xx as transient and retries it", async () => {
    fake.fail({ match: "sendMessage", status: 502, body: "Bad Gateway" });
    const r = await reply("Checking now.");
    await expect(deliverMessage(t.db, r.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect((await messageRow(r.id)).status).toBe("sent");
  });

  it("fails a reply to a customer who blocked the bot, in plain words, without retrying or blaming the inbox", async () => {
    fake.state.blocked = [String(FAKE_CUSTOMER.id)];
    try {
      const r = await reply("Hello?");
      await deliverMessage(t.db, r.id, { finalAttempt: false });
      expect(await messageRow(r.id)).toMatchObject({ status: "failed", error: "The customer blocked the bot, so Telegram refused the message." });
      expect(fake.calls("sendMessage")).toHaveLength(1);
      expect((await inboxRow(inbox.id)).status).toBe("active");
    } finally {
      fake.state.blocked = [];
    }
  });

  it("fails on 'chat not found' with an explanation", async () => {
    fake.fail({ match: "sendMessage", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    const r = await reply("Still there?");
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(await messageRow(r.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/^Telegram no longer knows this chat/) });
  });

  it("a revoked token fails the reply and puts the inbox into 'needs attention'; the next success clears it", async () => {
    fake.fail({ match: "sendMessage", status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    const r = await reply("Here is your label.");
    await deliverMessage(t.db, r.id, { finalAttempt: false });
    const message = "Telegram rejected the bot token — it may have been revoked. Update it in the inbox's Configuration tab.";
    expect(await messageRow(r.id)).toMatchObject({ status: "failed", error: message });
    expect(await inboxRow(inbox.id)).toMatchObject({ status: "error", lastError: message });

    const next = await reply("Label attached.");
    await deliverMessage(t.db, next.id, { finalAttempt: false });
    expect(await inboxRow(inbox.id)).toMatchObject({ status: "active", lastError: null });
  });

  it("uploads one image with sendPhoto as multipart, the text as its caption", async () => {
    const sent = await adapter().send(outbound("Your receipt", [attachment("receipt.jpg", "image/jpeg", TINY_JPEG)]), await ctxOf(inbox.id));
    const [call] = fake.calls();
    expect(call!.path).toBe(`/bot${inbox.bot.token}/sendPhoto`);
    expect(call!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(call!.multipart).toEqual({
      chat_id: String(FAKE_CUSTOMER.id),
      caption: "Your receipt",
      photo: { filename: "receipt.jpg", contentType: "image/jpeg", size: TINY_JPEG.length },
    });
    expect(sent.sourceId).toBe(`${FAKE_CUSTOMER.id}:${fake.state.nextMessageId - 1}`);
  });

  it("sends text first and then each file when there are several, returning the first message's id", async () => {
    const pdf = Buffer.from("%PDF-1.4 fake");
    const sent = await adapter().send(
      outbound("Two files:", [attachment("a.pdf", "application/pdf", pdf), attachment("b.png", "image/png", TINY_JPEG)]),
      await ctxOf(inbox.id),
    );
    expect(fake.calls().map((c) => c.path.split("/").pop())).toEqual(["sendMessage", "sendDocument", "sendPhoto"]);
    expect(fake.calls("sendDocument")[0]!.multipart).toMatchObject({ chat_id: String(FAKE_CUSTOMER.id), document: { filename: "a.pdf", contentType: "application/pdf" } });
    expect(fake.calls("sendDocument")[0]!.multipart!.caption).toBeUndefined();
    expect(sent.sourceId).toBe(`${FAKE_CUSTOMER.id}:${fake.state.nextMessageId - 3}`);
  });

  it("falls back to sendDocument when Telegram cannot process a photo", async () => {
    fake.fail({ match: "sendPhoto", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: PHOTO_INVALID_DIMENSIONS" } });
    await adapter().send(outbound("", [attachment("panorama.png", "image/png", TINY_JPEG)]), await ctxOf(inbox.id));
    expect(fake.calls().map((c) => c.path.split("/").pop())).toEqual(["sendPhoto", "sendDocument"]);
  });

  it("retries a reply that failed half-way from the part that failed: the customer never gets a part twice", async () => {
    const pdf = Buffer.from("%PDF-1.4 fake");
    const ids = [];
    for (const name of ["a.pdf", "b.pdf"]) ids.push((await uploadAgentAttachment(t.db, admin, conversationId, uploadRequest(name, pdf))).id);
    const r = await createMessage(t.db, admin, conversationId, { content: "Both invoices:", attachmentIds: ids });
    fake.fail({ match: "sendDocument", status: 502, body: "Bad Gateway" });

    await expect(deliverMessage(t.db, r.id, { finalAttempt: false })).rejects.toBeInstanceOf(RetryDelivery);
    const halfway = await messageRow(r.id);
    expect(halfway.status).toBe("pending");
    expect(halfway.sentParts).toHaveLength(1);

    await deliverMessage(t.db, r.id, { finalAttempt: false });
    expect(fake.calls().map((c) => c.path.split("/").pop())).toEqual(["sendMessage", "sendDocument", "sendDocument", "sendDocument"]);
    expect(fake.calls("sendMessage")).toHaveLength(1);
    const done = await messageRow(r.id);
    expect(done.status).toBe("sent");
    expect(done.sentParts).toHaveLength(3);
    expect(done.sourceId).toBe(done.sentParts[0]);
  });

  it("tells the agent which parts arrived when a later part is refused for good", async () => {
    fake.fail({ match: "sendDocument", status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    const e = await thrown(
      adapter().send(outbound("See attached", [attachment("a.pdf", "application/pdf", Buffer.from("%PDF")), attachment("b.pdf", "application/pdf", Buffer.from("%PDF"))]), await ctxOf(inbox.id)),
    );
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect((e as Error).message).toMatch(/^Only part of this reply reached the customer \(1 of 3 messages\)\. The rest failed: Telegram no longer knows this chat.* Resend sends the missing parts\.$/);
  });

  it("splits text longer than Telegram's 4096-character limit into several messages", async () => {
    const long = ("word ".repeat(1000) + "\n\n").repeat(2).trim();
    await adapter().send(outbound(long), await ctxOf(inbox.id));
    const texts = fake.calls("sendMessage").map((c) => (c.json as { text: string }).text);
    expect(texts.length).toBe(3);
    expect(texts.every((x) => x.length <= 4096)).toBe(true);
    expect(texts.join(" ").replace(/\s+/g, " ")).toBe(long.replace(/\s+/g, " "));
  });
});

describe("Telegram files and profiles", () => {
  let inbox: TelegramTestInbox;
  beforeAll(async () => {
    inbox = await makeTelegramInbox(t.db, await t.admin(), fake, "Files bot");
  });
  beforeEach(() => fake.reset());

  it("downloads a file with getFile then /file/bot<token>/<file_path>", async () => {
    const media = await adapter().fetchMedia!("photo-large", await ctxOf(inbox.id));
    expect(Buffer.from(media.bytes).equals(TINY_JPEG)).toBe(true);
    expect(media.contentType).toBe("image/jpeg");
    expect(fake.calls().map((c) => c.path)).toEqual([`/bot${inbox.bot.token}/getFile`, `/file/bot${inbox.bot.token}/photos/file_1.jpg`]);
    expect(fake.calls("getFile")[0]!.json).toEqual({ file_id: "photo-large" });
  });

  it("refuses files over 20 MB permanently, with the reason, and unknown files likewise", async () => {
    const big = await thrown(adapter().fetchMedia!("huge-video", await ctxOf(inbox.id)));
    expect(big).toBeInstanceOf(PermanentDeliveryError);
    expect((big as Error).message).toMatch(/larger than 20 MB/);
    const unknown = await thrown(adapter().fetchMedia!("no-such-file", await ctxOf(inbox.id)));
    expect(unknown).toBeInstanceOf(PermanentDeliveryError);
    expect((unknown as Error).message).toContain("invalid file_id");
  });

  it("retries a download when Telegram is briefly down", async () => {
    fake.fail({ match: "/file/", status: 503, body: "Service Unavailable", headers: { "retry-after": "3" } });
    const e = await thrown(adapter().fetchMedia!("voice-1", await ctxOf(inbox.id)));
    expect(e).toBeInstanceOf(TransientDeliveryError);
    expect((e as TransientDeliveryError).retryAfterSeconds).toBe(3);
  });

  it("fetches the customer's name and profile picture", async () => {
    const profile = await adapter().fetchProfile!(String(FAKE_CUSTOMER.id), await ctxOf(inbox.id));
    expect(profile!.name).toBe("Tanya Ivanova");
    expect(profile!.avatar!.contentType).toBe("image/jpeg");
    expect(Buffer.from(profile!.avatar!.bytes).equals(TINY_JPEG)).toBe(true);
    expect(fake.calls("getUserProfilePhotos")[0]!.json).toEqual({ user_id: FAKE_CUSTOMER.id, limit: 1 });
    // The largest of the sizes Telegram offers.
    expect(fake.calls("getFile")[0]!.json).toEqual({ file_id: "avatar-tanya" });
  });

  it("gives a name without a picture when the user has none, and a permanent refusal for unknown chats", async () => {
    fake.state.profiles["888"] = { first_name: "Pic", last_name: "Less" };
    expect(await adapter().fetchProfile!("888", await ctxOf(inbox.id))).toEqual({ name: "Pic Less" });
    await expect(adapter().fetchProfile!("999", await ctxOf(inbox.id))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
