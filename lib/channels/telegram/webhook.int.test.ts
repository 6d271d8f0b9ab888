import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactIdentities, contacts, conversations, messages } from "@/db/schema";
import { FAKE_CUSTOMER, updates } from "@/e2e/fakes/telegram";
import { getAdapter } from "@/lib/channels/registry";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxRow } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { makeTelegramInbox, messageUpdate, postUpdate, telegramRequest, setupTelegramFake, type TelegramTestInbox } from "@/e2e/support/channels/telegram";

const t = setupTestDb();
const { fake } = setupTelegramFake();

async function messageCount(inboxId: string) {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.inboxId, inboxId));
  return r!.n;
}

const bySource = async (inboxId: string, sourceId: string) =>
  t.db.select().from(messages).where(and(eq(messages.inboxId, inboxId), eq(messages.sourceId, sourceId)));

describe("Telegram webhook", () => {
  let inbox: TelegramTestInbox;
  beforeAll(async () => {
    inbox = await makeTelegramInbox(t.db, await t.admin(), fake);
  });

  it("stores a private text message once, in a conversation with the Telegram user as contact", async () => {
    const update = messageUpdate({ text: "Hello! Where is order 5521?" }, { messageId: 11 });
    const res = await postUpdate(t.db, inbox, update);
    expect(res).toEqual({ status: 200, body: { ok: true }, raw: undefined });

    const [m] = await bySource(inbox.id, `${FAKE_CUSTOMER.id}:11`);
    expect(m).toMatchObject({ kind: "incoming", content: "Hello! Where is order 5521?", createdAt: new Date(update.message!.date * 1000) });
    const [identity] = await t.db.select().from(contactIdentities).where(eq(contactIdentities.inboxId, inbox.id));
    expect(identity!.sourceId).toBe(String(FAKE_CUSTOMER.id));
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, identity!.contactId));
    expect(contact!.name).toBe("Tanya Ivanova");

    // Telegram redelivers on any non-2xx: the same update again stores nothing new.
    expect((await postUpdate(t.db, inbox, update)).status).toBe(200);
    expect(await bySource(inbox.id, `${FAKE_CUSTOMER.id}:11`)).toHaveLength(1);
  });

  it("answers 401 and stores nothing for a missing or wrong secret token", async () => {
    const before = await messageCount(inbox.id);
    const update = messageUpdate({ text: "forged" });
    for (const secret of [null, "", "wrong-secret", inbox.secret + "x", inbox.secret.slice(0, -1)]) {
      const res = await postUpdate(t.db, inbox, update, secret);
      expect(res.status).toBe(401);
    }
    expect(await messageCount(inbox.id)).toBe(before);
  });

  it("does not accept one inbox's secret token at another inbox", async () => {
    const other = await makeTelegramInbox(t.db, await t.admin(), fake, "Other bot");
    const res = await postUpdate(t.db, other, messageUpdate({ text: "cross" }), inbox.secret);
    expect(res.status).toBe(401);
    expect(await messageCount(other.id)).toBe(0);
  });

  it("stores one message when the same update arrives five times at once", async () => {
    const update = messageUpdate({ text: "Anyone there?" }, { messageId: 31, from: { id: 515151, first_name: "Concurrent", last_name: "Carl" } });
    const results = await Promise.all(Array.from({ length: 5 }, () => postUpdate(t.db, inbox, update)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await bySource(inbox.id, "515151:31")).toHaveLength(1);
    const convs = await t.db.select().from(conversations).where(eq(conversations.inboxId, inbox.id));
    const carls = await t.db.select().from(contactIdentities).where(and(eq(contactIdentities.inboxId, inbox.id), eq(contactIdentities.sourceId, "515151")));
    expect(carls).toHaveLength(1);
    expect(convs.filter((c) => c.contactIdentityId === carls[0]!.id)).toHaveLength(1);
  });

  it("acknowledges malformed bodies with 200 (Telegram would only redeliver them) and stores nothing", async () => {
    const before = await messageCount(inbox.id);
    for (const body of ["{not json", "[]", JSON.stringify({ update_id: "x" }), JSON.stringify({ update_id: 1, message: { text: "no chat" } }), ""]) {
      const res = await postUpdate(t.db, inbox, body);
      expect(res.status).toBe(200);
    }
    expect(await messageCount(inbox.id)).toBe(before);
  });

  it("acknowledges and ignores group chats, other bots, service messages and update kinds it does not use", async () => {
    const before = await messageCount(inbox.id);
    const ignoredUpdates = [
      messageUpdate({ text: "hello group" }, { chatType: "supergroup" }),
      messageUpdate({ text: "beep" }, { from: { id: 31337, first_name: "Some bot", is_bot: true } }),
      // An echo of this inbox's own bot: Telegram does not send those, and they must never become incoming messages.
      messageUpdate({ text: "our own reply" }, { from: { id: inbox.bot.id, first_name: "Telegram support", is_bot: true } }),
      messageUpdate({ new_chat_title: "renamed" }),
      { update_id: 77, callback_query: { id: "1", from: { id: 1, is_bot: false, first_name: "A" }, chat_instance: "x", data: "d" } },
      { update_id: 78, my_chat_member: { chat: { id: 1, type: "private" }, from: { id: 1, is_bot: false, first_name: "A" }, date: 1 } },
    ];
    for (const u of ignoredUpdates) expect((await postUpdate(t.db, inbox, u)).status).toBe(200);
    expect(await messageCount(inbox.id)).toBe(before);
  });

  it("stores a text edit as a separate '(edited)' message in the same conversation", async () => {
    const original = messageUpdate({ text: "My address is 12 Main St" }, { messageId: 41 });
    const edit = messageUpdate({ text: "My address is 21 Main St" }, { messageId: 41, edited: true });
    await postUpdate(t.db, inbox, original);
    await postUpdate(t.db, inbox, edit);
    const [first] = await bySource(inbox.id, `${FAKE_CUSTOMER.id}:41`);
    const [edited] = await bySource(inbox.id, `${FAKE_CUSTOMER.id}:41:edit:${edit.edited_message!.edit_date}`);
    expect(edited!.content).toBe("(edited) My address is 21 Main St");
    expect(edited!.conversationId).toBe(first!.conversationId);
  });

  it("stores a photo's caption as the message and hands the largest size to the media download", async () => {
    const update = updates.photo("Broken on arrival", { messageId: 51 });
    expect((await postUpdate(t.db, inbox, update)).status).toBe(200);
    const [m] = await bySource(inbox.id, `${FAKE_CUSTOMER.id}:51`);
    expect(m!.content).toBe("Broken on arrival");
    // The refs ingestion queues for the fetch-media job, as the adapter reports them.
    const ctx = inboxContext((await findInboxRow(t.db, inbox.id))!);
    const parsed = getAdapter("telegram")!.webhook!.parse({ ...telegramRequest(update, inbox.secret), url: inbox.webhookUrl! }, ctx);
    expect(parsed).toMatchObject({ ok: true, events: [{ message: { media: [{ ref: "photo-large", kind: "image" }] } }] });
  });

  it("stores a location as a readable OpenStreetMap link", async () => {
    await postUpdate(t.db, inbox, messageUpdate({ location: { latitude: 40.7128, longitude: -74.006 } }, { messageId: 61 }));
    const [m] = await bySource(inbox.id, `${FAKE_CUSTOMER.id}:61`);
    expect(m!.content).toBe("Location: https://www.openstreetmap.org/?mlat=40.7128&mlon=-74.006#map=16/40.7128/-74.006");
  });

  it("answers 404 at an address no inbox has", async () => {
    const res = await postUpdate(t.db, { publicId: "no-such-inbox", secret: inbox.secret }, messageUpdate({ text: "lost" }));
    expect(res.status).toBe(404);
  });
});
