import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { contacts, conversations, messages } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { emailInboxes, type EmailInbox } from "@/e2e/support/email-inboxes";
import { buildMail, newMessageId } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";
import { actorOf, factories } from "@/e2e/support/factories";
import { getConversation } from "@/lib/conversations/detail";
import { processRawEmail } from "./inbound";
import { emailConfig } from "./schema";
import { inboxes } from "@/db/schema";

/*
 * Bounces, auto-replies and feedback-loop reports through real mail (Dovecot + an SMTP sink):
 * none opens a conversation; each lands on the reply or conversation it is about.
 */

const t = setupTestDb();
const servers = setupMailServers("bounce", 12);
const { makeInbox, receive, conversationOf, reply } = emailInboxes(t, servers);

const activityOf = async (conversationId: string) =>
  (await t.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "activity")))).map((m) => m.content);
const conversationsOf = (inboxId: string) => t.db.select().from(conversations).where(eq(conversations.inboxId, inboxId));

/** Reads the same raw mail again, as a mailbox rescan would (the sync itself skips Message-IDs it has stored). */
async function readAgain(inbox: EmailInbox, raw: string) {
  const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
  return processRawEmail(t.db, { id: inbox.id, config: emailConfig.parse(row!.config) }, Buffer.from(raw));
}

/** A conversation with Maya, who copied Ben, and our reply to both. */
async function conversationWithReply(inbox: EmailInbox, cc = "ben@partner.test") {
  const original = newMessageId();
  await receive(inbox, buildMail({ from: "Maya Chen <maya@customer.test>", to: inbox.address, headers: { Cc: cc }, subject: "Where is my order?", messageId: original, text: "It has been two weeks." }));
  const conversationId = await conversationOf(original);
  const { message } = await reply(conversationId, "It ships tomorrow.");
  return { conversationId, reply: message };
}

/** An Exim report in prose (no DSN part), with our reply pasted below it. */
const eximBounce = (to: string, failed: string, originalId: string, references: string[] = []) =>
  [
    "From: Mail Delivery System <Mailer-Daemon@relay.partner.test>",
    `To: ${to}`,
    "Subject: Mail delivery failed: returning message to sender",
    `Message-ID: ${newMessageId("relay.partner.test")}`,
    `Date: ${new Date().toUTCString()}`,
    "Auto-Submitted: auto-replied",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This message was created automatically by mail delivery software.",
    "",
    "A message that you sent could not be delivered to one or more of its",
    "recipients. This is a permanent error. The following address(es) failed:",
    "",
    `  ${failed}`,
    "    host mx.partner.test [192.0.2.9]",
    `    SMTP error from remote mail server after RCPT TO:<${failed}>:`,
    "    550 5.1.1 No such user here",
    "",
    "------ This is a copy of the message, including all the headers. ------",
    "",
    `From: Acme Support <${to}>`,
    `Subject: Re: Where is my order?`,
    `Message-ID: ${originalId}`,
    ...(references.length ? [`References: ${references.join(" ")}`] : []),
    "",
    "It ships tomorrow.",
    "",
  ].join("\r\n");

describe("bounces", () => {
  it("a bounce for the Cc only leaves the reply sent and tells the thread whose copy bounced, once", async () => {
    const inbox = await makeInbox();
    const { conversationId, reply: sent } = await conversationWithReply(inbox);
    const bounce = eximBounce(inbox.address, "ben@partner.test", sent.sourceId!);
    expect(await receive(inbox, bounce)).toMatchObject({ imported: 0, ignored: 1 });
    await readAgain(inbox, bounce);
    const [kept] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(kept).toMatchObject({ status: "sent", error: null });
    expect(await activityOf(conversationId)).toEqual([expect.stringMatching(/^ben@partner\.test \(Cc\) did not get the reply of .+ UTC: 550 5\.1\.1 No such user here$/)]);
    expect(await conversationsOf(inbox.id)).toHaveLength(1);
  });

  it("a bounce for the customer fails only the reply it returns, naming the address and the server's answer", async () => {
    const inbox = await makeInbox();
    const { conversationId, reply: first } = await conversationWithReply(inbox);
    const { message: second } = await reply(conversationId, "One more thing: it comes in two boxes.");
    // The returned reply's References name the first reply too: that one was delivered.
    await receive(inbox, eximBounce(inbox.address, "maya@customer.test", second.sourceId!, [first.sourceId!]));
    const [failed] = await t.db.select().from(messages).where(eq(messages.id, second.id));
    expect(failed).toMatchObject({ status: "failed", error: "Not delivered to maya@customer.test: 550 5.1.1 No such user here" });
    const [kept] = await t.db.select().from(messages).where(eq(messages.id, first.id));
    expect(kept).toMatchObject({ status: "sent", error: null });
    expect(await activityOf(conversationId)).toEqual([]);
  });

  it("a bounce from MAILER-DAEMON <> is linked by the returned headers; one naming no reply of ours is logged, never dropped silently", async () => {
    const inbox = await makeInbox();
    const { reply: sent } = await conversationWithReply(inbox, "nobody-else@partner.test");
    const daemon = (originalId: string, subject: string) =>
      [
        "From: MAILER-DAEMON <>",
        `To: ${inbox.address}`,
        `Subject: ${subject}`,
        `Message-ID: ${newMessageId("mx.customer.test")}`,
        `Date: ${new Date().toUTCString()}`,
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail agent at mx.customer.test.",
        "",
        "There was an error delivering your mail to <maya@customer.test>.",
        "",
        "mx.customer.test [192.0.2.7] did not like our RCPT TO:",
        "550 5.2.1 <maya@customer.test>: mailbox disabled",
        "",
        "Message headers follow.",
        "",
        `From: Acme Support <${inbox.address}>`,
        "To: <maya@customer.test>",
        `Message-Id: ${originalId}`,
        "",
      ].join("\r\n");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      // A daemon's mail that is no report at all cannot be answered either: it is logged too.
      const notice = ["From: MAILER-DAEMON <>", `To: ${inbox.address}`, "Subject: Mailbox quota notice", `Message-ID: ${newMessageId("mx.customer.test")}`, "", "Your mailbox is 80% full.", ""].join("\r\n");
      expect(await receive(inbox, daemon(sent.sourceId!, "Mail delivery failed"), daemon("<someone-elses@elsewhere.test>", "Mail delivery failed: old mail"), notice)).toMatchObject({ imported: 0, ignored: 3 });
      const lines = warn.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.includes("names no reply of this inbox"))).toEqual([
        expect.stringMatching(new RegExp(`^\\[email\\] ${inbox.id}: delivery report <[^>]+> \\("Mail delivery failed: old mail"\\) names no reply of this inbox; not applied \\(\\d+ such since start\\)$`)),
      ]);
      expect(lines.filter((l) => l.includes("has no sender address"))).toEqual([
        expect.stringMatching(new RegExp(`^\\[email\\] ${inbox.id}: mail <[^>]+> has no sender address \\(from a mail server\\); not imported$`)),
      ]);
    } finally {
      warn.mockRestore();
    }
    const [failed] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(failed).toMatchObject({ status: "failed", error: "Not delivered to maya@customer.test: 550 5.2.1 <maya@customer.test>: mailbox disabled" });
    expect(await conversationsOf(inbox.id)).toHaveLength(1);
  });
});

describe("auto-replies", () => {
  it("an out-of-office answering our reply is one activity line; status, unread and preview stay", async () => {
    const inbox = await makeInbox();
    const { conversationId, reply: sent } = await conversationWithReply(inbox);
    await t.db.update(conversations).set({ status: "resolved" }).where(eq(conversations.id, conversationId));
    const [before] = await t.db.select().from(conversations).where(eq(conversations.id, conversationId));
    const ooo = buildMail({
      from: "Maya Chen <maya@customer.test>",
      to: inbox.address,
      subject: "Automatic reply: Out of office until 14 June",
      inReplyTo: sent.sourceId!,
      references: [sent.sourceId!],
      headers: { "Auto-Submitted": "auto-replied" },
      text: "I am away and will answer when I am back. For urgent matters call 555-0100.",
    });
    expect(await receive(inbox, ooo)).toMatchObject({ imported: 0, ignored: 1 });
    await readAgain(inbox, ooo);
    expect(await activityOf(conversationId)).toEqual(["Automatic reply from Maya Chen: Out of office until 14 June"]);
    const [after] = await t.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(after).toMatchObject({ status: "resolved", lastMessagePreview: before!.lastMessagePreview, lastIncomingAt: before!.lastIncomingAt });
    expect((await t.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "incoming")))).length).toBe(1);
  });

  it("an Exchange \"Automatic reply:\" (no Auto-Submitted) is never a customer message, in a conversation or outside one", async () => {
    const inbox = await makeInbox();
    const { conversationId, reply: sent } = await conversationWithReply(inbox);
    const exchange = (subject: string, inReplyTo?: string) =>
      buildMail({ from: "Ben Ode <ben@partner.test>", to: inbox.address, subject, ...(inReplyTo ? { inReplyTo, references: [inReplyTo] } : {}), headers: { "X-Auto-Response-Suppress": "All", "X-MS-Exchange-Inbox-Rules-Loop": "ben@partner.test" }, text: "I am out of the office." });
    expect(await receive(inbox, exchange("Automatic reply: Re: Where is my order?", sent.sourceId!), exchange("Automatic reply: Hello from Ben"))).toMatchObject({ imported: 0, ignored: 2 });
    expect(await activityOf(conversationId)).toEqual(["Automatic reply from Ben Ode"]);
    expect(await conversationsOf(inbox.id)).toHaveLength(1);
    expect((await t.db.select().from(messages).where(and(eq(messages.inboxId, inbox.id), eq(messages.kind, "incoming")))).length).toBe(1);
  });
});

describe("feedback-loop reports", () => {
  it("an ARF report about our reply marks the contact as having complained and tells the conversation, once", async () => {
    const inbox = await makeInbox();
    const { conversationId, reply: sent } = await conversationWithReply(inbox);
    const b = "fbl-boundary";
    const arf = [
      "From: Feedback Loop <fbl@feedback.mailhost.test>",
      `To: ${inbox.address}`,
      "Subject: Abuse report",
      `Message-ID: ${newMessageId("feedback.mailhost.test")}`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
      "",
      `--${b}`,
      "Content-Type: text/plain",
      "",
      "A user of ours marked this message as spam.",
      `--${b}`,
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "User-Agent: MailhostFBL/1.0",
      "Version: 1",
      "Original-Rcpt-To: <maya@customer.test>",
      `--${b}`,
      "Content-Type: message/rfc822",
      "",
      `From: Acme Support <${inbox.address}>`,
      "To: maya@customer.test",
      "Subject: Re: Where is my order?",
      `Message-ID: ${sent.sourceId}`,
      "",
      "It ships tomorrow.",
      `--${b}--`,
      "",
    ].join("\r\n");
    expect(await receive(inbox, arf)).toMatchObject({ imported: 0, ignored: 1 });
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, conversationId));
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, conv!.contactId));
    expect(contact!.complainedAt).toBeInstanceOf(Date);
    await readAgain(inbox, arf);
    const [again] = await t.db.select().from(contacts).where(eq(contacts.id, conv!.contactId));
    expect(again!.complainedAt).toEqual(contact!.complainedAt);
    // The contact panel says so (the conversation object carries it).
    const admin = actorOf(await factories(() => t.db).makeAdmin());
    expect((await getConversation(t.db, admin, conversationId)).contactComplainedAt).toBe(contact!.complainedAt!.toISOString());
    expect(await activityOf(conversationId)).toEqual(["maya@customer.test reported this conversation's mail as spam (feedback loop from feedback.mailhost.test)"]);
    expect(await conversationsOf(inbox.id)).toHaveLength(1);
  });
});
