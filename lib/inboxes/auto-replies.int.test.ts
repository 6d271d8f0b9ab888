import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage, resendMessage } from "@/lib/conversations/reply";
import { startConversation } from "@/lib/conversations/start";
import { listMessages } from "@/lib/conversations/messages";
import { syncMailbox } from "@/lib/channels/email/sync";
import { createInbox } from "@/lib/inboxes/create";
import { QUEUES } from "@/lib/jobs/queue";
import { setupTestDb } from "@/e2e/support/db";
import { buildMail, newMessageId } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { json, widget } from "@/e2e/support/widget-routes";
import { updateInbox } from "./update";

/*
 * Greeting and out of office end to end: queued with the customer's message, delivered by the
 * delivery job like an agent's reply, with the caps and windows of docs/architecture.md §5.6–§5.7.
 */

const t = setupTestDb();
const servers = setupMailServers("autoreply", 3);

const weekdays = (from: string, to: string) => Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from, to }]]));
const NINE_TO_FIVE = { timezone: "UTC", schedule: weekdays("09:00", "17:00"), holidays: [] };
/** Business hours with no opening time at all: closed whenever a test runs. */
const ALWAYS_CLOSED = { timezone: "Europe/Berlin", schedule: {}, holidays: [] };

async function apiInbox(settings: Record<string, unknown>, opts: { callbackUrl?: string } = {}) {
  const inbox = await t.makeApiInbox({ name: "Acme Support", ...opts });
  await updateInbox(t.db, await t.admin(), inbox.id, settings);
  // Only the id: ingestion then reads the settings from the database, as the email channel does.
  return { id: inbox.id, channelType: "api" };
}

const automated = (conversationId: string) =>
  t.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), isNotNull(messages.senderAutomation)))
    .orderBy(asc(messages.createdAt));

async function deliverJobsFor(messageId: string) {
  const { rows } = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.deliverMessage} and data ->> 'messageId' = ${messageId}`);
  return rows[0]!.n;
}

describe("greeting", () => {
  it("answers the message that opens a conversation, once, with its variables filled, through the delivery queue", async () => {
    const inbox = await apiInbox({
      autoReplies: { greeting: { enabled: true, message: "Hi {{contact.firstName | there}}, {{inbox.name}} got your message (#{{conversation.number}})." } },
    });
    const first = await t.incoming(inbox, { contact: "maya", name: "Maya Chen", content: "Where is my parcel?" });
    const [greeting, ...more] = await automated(first.conversationId);
    expect(more).toHaveLength(0);
    const number = (await t.db.execute<{ number: number }>(sql`select number from conversations where id = ${first.conversationId}`)).rows[0]!.number;
    expect(greeting).toMatchObject({
      kind: "outgoing",
      private: false,
      status: "pending",
      senderUserId: null,
      senderAutomation: { type: "automation", id: "greeting", name: "Greeting" },
      content: `Hi Maya, Acme Support got your message (#${number}).`,
    });
    expect(await deliverJobsFor(greeting!.id)).toBe(1);
    // The thread shows it after the customer's message.
    const thread = await listMessages(t.db, await t.admin(), first.conversationId);
    expect(thread.map((m) => m.kind)).toEqual(["incoming", "outgoing"]);

    await deliverMessage(t.db, greeting!.id, { finalAttempt: false });
    expect((await automated(first.conversationId))[0]!.status).toBe("sent");

    await t.incoming(inbox, { contact: "maya", name: "Maya Chen", content: "Any news?" });
    expect(await automated(first.conversationId)).toHaveLength(1);
  });

  it("uses the fallback for a contact without a name, and stays quiet when switched off", async () => {
    const inbox = await apiInbox({ autoReplies: { greeting: { enabled: true, message: "Hi {{contact.firstName | there}}!" } } });
    const r = await t.incoming(inbox, { contact: "anon-1" });
    expect((await automated(r.conversationId))[0]!.content).toBe("Hi there!");

    const off = await apiInbox({ autoReplies: { greeting: { enabled: false, message: "Hi!" } } });
    const q = await t.incoming(off, { contact: "anon-2" });
    expect(await automated(q.conversationId)).toHaveLength(0);
  });
});

describe("out of office", () => {
  const ooo = { autoReplies: { outOfOffice: { enabled: true, message: "We are closed, {{contact.firstName | friend}}." } } };

  it("is sent once per closed period, never while open", async () => {
    const inbox = await apiInbox({ businessHours: NINE_TO_FIVE, ...ooo });
    const friday = (h: string) => new Date(`2026-03-06T${h}:00Z`);
    const r = await t.incoming(inbox, { contact: "night-owl", name: "Noor Haddad", at: friday("18:00") });
    await t.incoming(inbox, { contact: "night-owl", at: friday("21:30") });
    await t.incoming(inbox, { contact: "night-owl", at: new Date("2026-03-07T11:00:00Z") }); // Saturday: the same closed period
    expect((await automated(r.conversationId)).map((m) => m.content)).toEqual(["We are closed, Noor."]);

    await t.incoming(inbox, { contact: "night-owl", at: new Date("2026-03-09T10:00:00Z") }); // Monday, open
    expect(await automated(r.conversationId)).toHaveLength(1);

    await t.incoming(inbox, { contact: "night-owl", at: new Date("2026-03-09T17:05:00Z") }); // Monday evening: a new closed period
    expect(await automated(r.conversationId)).toHaveLength(2);
  });

  it("is held back when a person replied in the last five minutes", async () => {
    const inbox = await apiInbox({ businessHours: ALWAYS_CLOSED });
    const r = await t.incoming(inbox, { contact: "late-reader" });
    await createMessage(t.db, await t.admin(), r.conversationId, { content: "I'm here, even though we're closed." });
    await updateInbox(t.db, await t.admin(), inbox.id, ooo);

    await t.incoming(inbox, { contact: "late-reader", at: new Date(Date.now() + 60_000) });
    expect(await automated(r.conversationId)).toHaveLength(0);
    // Six minutes after the person's reply nobody is answering any more.
    await t.incoming(inbox, { contact: "late-reader", at: new Date(Date.now() + 6 * 60_000) });
    expect(await automated(r.conversationId)).toHaveLength(1);
  });

  it("enabling it needs business hours; removing the hours while it is on is refused", async () => {
    const inbox = await t.makeApiInbox();
    const admin = await t.admin();
    await expect(updateInbox(t.db, admin, inbox.id, ooo)).rejects.toMatchObject({ status: 400, fieldErrors: { "autoReplies.outOfOffice.enabled": [expect.any(String)] } });
    await updateInbox(t.db, admin, inbox.id, { businessHours: NINE_TO_FIVE, ...ooo });
    await expect(updateInbox(t.db, admin, inbox.id, { businessHours: null })).rejects.toMatchObject({ status: 400, fieldErrors: { businessHours: [expect.any(String)] } });
    await expect(updateInbox(t.db, admin, inbox.id, { autoReplies: { outOfOffice: { enabled: true, message: "Hi {{contact.nmae}}" } } })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { "autoReplies.outOfOffice.message": [expect.stringContaining("{{contact.nmae}}")] },
    });
  });
});

describe("the cap on automated messages", () => {
  it("sends at most three automated messages per conversation per hour, greeting, out of office and rule messages together", async () => {
    // Open only 20:30–20:40 on Tuesdays: two closed periods within one hour.
    const inbox = await apiInbox({
      businessHours: { timezone: "UTC", schedule: { tue: [{ from: "20:30", to: "20:40" }] } },
      autoReplies: { greeting: { enabled: true, message: "Hello!" }, outOfOffice: { enabled: true, message: "We are closed." } },
    });
    const tue = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
    const r = await t.incoming(inbox, { contact: "capped", at: tue("20:00") });
    expect((await automated(r.conversationId)).map((m) => m.senderAutomation?.id)).toEqual(["greeting", "out_of_office"]);
    // A rule's message in the same hour fills the cap (automation rules share it).
    await t.db.insert(messages).values({
      conversationId: r.conversationId,
      inboxId: inbox.id,
      kind: "outgoing",
      status: "sent",
      content: "A rule's message",
      senderAutomation: { type: "automation", id: "00000000-0000-4000-8000-000000000001", name: "Follow-up" },
      createdAt: tue("20:05"),
    });
    await t.incoming(inbox, { contact: "capped", at: tue("20:35") }); // open
    await t.incoming(inbox, { contact: "capped", at: tue("20:45") }); // closed again: a notice is due, but the cap is full
    expect(await automated(r.conversationId)).toHaveLength(3);
    // Once the first two have left the hour there is room, and this closed period has had no notice yet.
    await t.incoming(inbox, { contact: "capped", at: tue("21:02") });
    const all = await automated(r.conversationId);
    expect(all.map((m) => m.senderAutomation?.id)).toEqual(["greeting", "out_of_office", "00000000-0000-4000-8000-000000000001", "out_of_office"]);
  });
});

describe("delivery like an agent's reply", () => {
  let server: Server;
  let status = 500;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(status).end(status === 200 ? "ok" : "down"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("a failed auto-reply shows its error and can be resent", async () => {
    const inbox = await apiInbox({ autoReplies: { greeting: { enabled: true, message: "Hello!" } } }, { callbackUrl: url });
    const r = await t.incoming(inbox, { contact: "resend-me" });
    const [greeting] = await automated(r.conversationId);
    status = 500;
    await deliverMessage(t.db, greeting!.id, { finalAttempt: true });
    const [failed] = await automated(r.conversationId);
    expect(failed!.status).toBe("failed");
    expect(failed!.error).toBeTruthy();

    const resent = await resendMessage(t.db, await t.admin(), r.conversationId, greeting!.id);
    expect(resent.status).toBe("pending");
    status = 200;
    await deliverMessage(t.db, greeting!.id, { finalAttempt: false });
    expect((await automated(r.conversationId))[0]!.status).toBe("sent");
  });

  it("email: the auto-reply says Auto-Submitted and threads under the customer's mail; agent-started conversations get no greeting", async () => {
    const user = servers.nextUser();
    const created = await createInbox(t.db, await t.admin(), { name: "Acme Mail", channel: servers.channelFor(user, { displayName: "Acme Support" }) });
    await updateInbox(t.db, await t.admin(), created.id, { autoReplies: { greeting: { enabled: true, message: "Thanks {{contact.firstName | there}}, we have your mail." } } });

    const original = newMessageId("customer.test");
    await servers.imap.append(user, buildMail({ from: "Maya Chen <maya@customer.test>", to: user.user, subject: "Broken zipper", messageId: original, text: "The zipper broke after a week." }));
    await syncMailbox(t.db, created.id);
    const [incoming] = await t.db.select().from(messages).where(eq(messages.sourceId, original));
    const [greeting] = await automated(incoming!.conversationId);
    expect(greeting!.content).toBe("Thanks Maya, we have your mail.");

    const before = servers.smtp.received.length;
    await deliverMessage(t.db, greeting!.id, { finalAttempt: false });
    expect(servers.smtp.received.length).toBe(before + 1);
    const mail = servers.smtp.received.at(-1)!;
    expect(mail.parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(mail.parsed.inReplyTo).toBe(original);
    expect(mail.parsed.subject).toBe("Re: Broken zipper");

    // An agent's reply in the same conversation is not marked.
    const reply = await createMessage(t.db, await t.admin(), incoming!.conversationId, { content: "A new zipper is on its way." });
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    expect(servers.smtp.received.at(-1)!.parsed.headers.get("auto-submitted")).toBeUndefined();

    // An agent writes first; the customer's answer joins that conversation and is not greeted.
    const started = await startConversation(t.db, await t.admin(), { inboxId: created.id, to: "kim@bakery.test", name: "Kim Lee", subject: "Your order", content: "Hi Kim, it shipped." });
    const [first] = await t.db.select().from(messages).where(eq(messages.conversationId, started.id));
    await deliverMessage(t.db, first!.id, { finalAttempt: false });
    const [sent] = await t.db.select().from(messages).where(eq(messages.id, first!.id));
    const answer = newMessageId("bakery.test");
    await servers.imap.append(user, buildMail({ from: "Kim Lee <kim@bakery.test>", to: user.user, subject: "Re: Your order", messageId: answer, inReplyTo: sent!.sourceId!, references: [sent!.sourceId!], text: "Thanks!" }));
    await syncMailbox(t.db, created.id);
    const [joined] = await t.db.select().from(messages).where(eq(messages.sourceId, answer));
    expect(joined!.conversationId).toBe(started.id);
    expect(await automated(started.id)).toHaveLength(0);
  });
});

describe("the website widget", () => {
  it("its config says the team is away, and when it is back, while the inbox is closed", async () => {
    const inbox = await makeWebsiteInbox(t);
    expect((await json(await widget.config(inbox.websiteToken))).away).toBeNull();
    await updateInbox(t.db, await t.admin(), inbox.id, { businessHours: ALWAYS_CLOSED });
    expect((await json(await widget.config(inbox.websiteToken))).away).toEqual({ until: null });
    // Open on weekdays in Berlin, closed on the holidays covering the next few days: back on a known date.
    const today = new Date();
    const holidays = Array.from({ length: 10 }, (_, i) => new Date(today.getTime() + (i - 1) * 86_400_000).toISOString().slice(0, 10));
    await updateInbox(t.db, await t.admin(), inbox.id, { businessHours: { timezone: "Europe/Berlin", schedule: weekdays("09:00", "17:00"), holidays } });
    const until = (await json(await widget.config(inbox.websiteToken))).away.until as string;
    expect(Date.parse(until)).toBeGreaterThan(Date.now() + 7 * 86_400_000);
  });
});
