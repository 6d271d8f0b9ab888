import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, conversations, emailMessages, messages } from "@/db/schema";
import type { MailUser } from "@/e2e/fakes/mail/dovecot";
import { deliverMessage } from "@/lib/conversations/delivery";
import { listConversations } from "@/lib/conversations/list";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { splitQuoted } from "./quoted-text";
import { syncMailbox } from "./sync";
import { buildMail, newMessageId } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";

/*
 * Who may join an existing conversation by referencing its Message-IDs, and what the list shows
 * of a reply that quotes the history: real mail through a real IMAP server.
 */

const t = setupTestDb();
const servers = setupMailServers("thread", 9);

type EmailInbox = { id: string; user: MailUser };

async function makeInbox(): Promise<EmailInbox> {
  const user = servers.nextUser();
  const inbox = await createInbox(t.db, await t.admin(), {
    name: `Thread ${servers.used}`,
    channel: servers.channelFor(user, { displayName: "Acme Support" }),
  });
  return { id: inbox.id, user };
}

/** Delivers raw mail into the inbox's mailbox and imports it, as the polling job would. */
async function receive(inbox: EmailInbox, ...raws: string[]) {
  for (const raw of raws) await servers.imap.append(inbox.user, raw);
  return syncMailbox(t.db, inbox.id);
}

/** The conversation a stored mail ended up in, with the address of that conversation's contact. */
async function placed(sourceId: string) {
  const [row] = await t.db
    .select({ conversationId: messages.conversationId, senderContactId: messages.senderContactId, owner: contacts.email })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(messages.sourceId, sourceId));
  return row!;
}

async function reply(conversationId: string, content: string) {
  const m = await createMessage(t.db, await t.admin(), conversationId, { content });
  await deliverMessage(t.db, m.id, { finalAttempt: false });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
  expect(row!.status).toBe("sent");
  return row!;
}

const conversationCount = async (inboxId: string) => (await t.db.select().from(conversations).where(eq(conversations.inboxId, inboxId))).length;

describe("joining a conversation by reference", () => {
  it("a stranger who references the customer's Message-ID starts a new conversation", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "Jane Doe <jane@customer.test>", subject: "My invoice", messageId: original, text: "Private billing details." }));
    const customer = await placed(original);

    // Someone who saw the header elsewhere (a forward, a Bcc, an old thread) answers the customer's mail.
    const injected = newMessageId("stranger.test");
    await receive(inbox, buildMail({ from: "Mallory <mallory@stranger.test>", subject: "Re: My invoice", messageId: injected, inReplyTo: original, references: [original], text: "Please pay to my account instead." }));
    const stranger = await placed(injected);
    expect(stranger.conversationId).not.toBe(customer.conversationId);
    expect(stranger.owner).toBe("mallory@stranger.test");
    const thread = await t.db.select({ sourceId: messages.sourceId }).from(messages).where(eq(messages.conversationId, customer.conversationId));
    expect(thread.map((m) => m.sourceId)).toEqual([original]);
    expect(await conversationCount(inbox.id)).toBe(2);
  });

  it("someone the customer looped in who answers our reply joins the customer's conversation", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "Tom Li <tom@customer.test>", subject: "Broken charger", messageId: original, text: "It sparks." }));
    const { conversationId } = await placed(original);
    const ours = await reply(conversationId, "Please send us a photo.");

    // Tom forwarded our reply to a colleague, who answers it (our Message-ID is only known to those we mailed).
    const colleague = newMessageId("customer-corp.test");
    await receive(inbox, buildMail({ from: "Ann Colleague <ann@customer-corp.test>", subject: "Re: Broken charger", messageId: colleague, inReplyTo: ours.sourceId!, references: [original, ours.sourceId!], text: "Photo attached, I'm Tom's colleague." }));
    const joined = await placed(colleague);
    expect(joined.conversationId).toBe(conversationId);
    // The conversation stays Tom's; the message is Ann's.
    expect(joined.owner).toBe("tom@customer.test");
    const [ann] = await t.db.select().from(contacts).where(eq(contacts.id, joined.senderContactId!));
    expect(ann!.email).toBe("ann@customer-corp.test");
    expect(await conversationCount(inbox.id)).toBe(1);
  });

  it("someone the customer copied who answers the customer's mail joins the conversation; the same answer from a Bcc does not", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(
      inbox,
      buildMail({ from: "Rosa Diaz <rosa@customer.test>", headers: { Cc: "Ken Ito <Ken@Customer-Corp.test>" }, subject: "Order 1042 arrived damaged", messageId: original, text: "The box was crushed." }),
    );
    const { conversationId } = await placed(original);

    // Ken answers Rosa's mail (reply-all) before we have replied: he was on it, so he joins.
    const ken = newMessageId("customer-corp.test");
    await receive(inbox, buildMail({ from: "Ken Ito <ken@customer-corp.test>", subject: "Re: Order 1042 arrived damaged", messageId: ken, inReplyTo: original, references: [original], text: "Photos of the box attached." }));
    const joined = await placed(ken);
    expect(joined.conversationId).toBe(conversationId);
    expect(joined.owner).toBe("rosa@customer.test");

    // Someone who only got a blind or forwarded copy is in neither To nor Cc: a conversation of their own.
    const blind = newMessageId("elsewhere.test");
    await receive(inbox, buildMail({ from: "Lee <lee@elsewhere.test>", subject: "Re: Order 1042 arrived damaged", messageId: blind, inReplyTo: original, references: [original], text: "Refund me instead." }));
    expect((await placed(blind)).conversationId).not.toBe(conversationId);
    expect(await conversationCount(inbox.id)).toBe(2);
  });

  it("the customer joins their own conversation by referencing their own mail or our reply", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "Lee <lee@customer.test>", subject: "Order 77", messageId: original, text: "Where is it?" }));
    const { conversationId } = await placed(original);

    const followUp = newMessageId();
    await receive(inbox, buildMail({ from: "lee@customer.test", subject: "Re: Order 77", messageId: followUp, inReplyTo: original, references: [original], text: "Forgot: order 77." }));
    expect((await placed(followUp)).conversationId).toBe(conversationId);

    const ours = await reply(conversationId, "It ships today.");
    const answer = newMessageId();
    await receive(inbox, buildMail({ from: "LEE@customer.test", subject: "Re: Order 77", messageId: answer, inReplyTo: ours.sourceId!, references: [original, followUp, ours.sourceId!], text: "Great." }));
    expect((await placed(answer)).conversationId).toBe(conversationId);
    expect(await conversationCount(inbox.id)).toBe(1);
  });

  it("prefers the most recent reference the sender may follow", async () => {
    const inbox = await makeInbox();
    const first = newMessageId();
    await receive(inbox, buildMail({ from: "kim@customer.test", subject: "First question", messageId: first, text: "One." }));
    const older = (await placed(first)).conversationId;
    const ours = await reply(older, "Answer one.");
    await new Promise((r) => setTimeout(r, 1100)); // IMAP arrival times have whole seconds
    const second = newMessageId();
    await receive(inbox, buildMail({ from: "kim@customer.test", subject: "Second question", messageId: second, text: "Two." }));
    const newer = (await placed(second)).conversationId;
    expect(newer).not.toBe(older);

    // Kim's mail references both conversations: the newest referenced message decides.
    const both = newMessageId();
    await receive(inbox, buildMail({ from: "kim@customer.test", subject: "Re: both", messageId: both, inReplyTo: first, references: [first, ours.sourceId!, second], text: "About both." }));
    expect((await placed(both)).conversationId).toBe(newer);

    // A colleague citing the same ids may follow only our reply: the older conversation.
    const colleague = newMessageId("customer-corp.test");
    await receive(inbox, buildMail({ from: "pat@customer-corp.test", subject: "Re: both", messageId: colleague, references: [first, ours.sourceId!, second], text: "Pat here." }));
    expect((await placed(colleague)).conversationId).toBe(older);
    expect(await conversationCount(inbox.id)).toBe(2);
  });
});

/** A reply written in HTML only (Gmail's markup); mailparser derives the text from it. */
function htmlOnlyReply(from: string, messageId: string, inReplyTo: string) {
  return [
    `From: ${from}`,
    "To: Support <support@example.test>",
    "Subject: Re: Broken charger",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${messageId}`,
    `In-Reply-To: ${inReplyTo}`,
    `References: ${inReplyTo}`,
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    '<div dir="ltr">Thanks, it works now.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Jun 4, 2024 at 10:00 AM Acme Support &lt;<a href="mailto:support@example.test">support@example.test</a>&gt; wrote:<br></div>',
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Please try restarting it.<br></blockquote></div>',
    "",
  ].join("\r\n");
}

describe("the list's preview of a reply", () => {
  it("shows only what the sender wrote; the thread keeps the quoted history to fold", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "Tom <tom@customer.test>", subject: "Broken charger", messageId: original, text: "It sparks." }));
    const { conversationId } = await placed(original);
    const admin = await t.admin();
    const previewNow = async () => (await listConversations(t.db, admin, { inboxId: inbox.id, status: "all" })).data.find((c) => c.id === conversationId)!.lastMessagePreview;

    // HTML only: the text mailparser derives from it carries the attribution and the quote.
    const html = newMessageId();
    await receive(inbox, htmlOnlyReply("tom@customer.test", html, original));
    expect(await previewNow()).toBe("Thanks, it works now.");
    const [stored] = await t.db.select().from(messages).where(eq(messages.sourceId, html));
    expect(stored!.content).toContain("Please try restarting it.");
    const [view] = await t.db.select().from(emailMessages).where(and(eq(emailMessages.inboxId, inbox.id), eq(emailMessages.messageIdHeader, html)));
    expect(view!.html).toMatch(/<details class="kv-quoted">/);

    // Bottom-posted: the quote comes first, the answer below it.
    const bottom = newMessageId();
    await receive(inbox, buildMail({ from: "tom@customer.test", subject: "Re: Broken charger", messageId: bottom, inReplyTo: original, references: [original], text: "On Mon, 3 Jun 2024, Acme Support <support@example.test>\nwrote:\n> Can you send a photo?\n\nHere it is." }));
    expect(await previewNow()).toBe("Here it is.");

    // Outlook's plain text: a rule and a header block above the history.
    const outlook = newMessageId();
    const text = "OK, thanks\n\n________________________________\nFrom: Acme Support <support@example.test>\nSent: Tuesday, June 4, 2024 10:00 AM\nTo: Tom <tom@customer.test>\nSubject: Re: Broken charger\n\nPlease try restarting it.";
    await receive(inbox, buildMail({ from: "tom@customer.test", subject: "Re: Broken charger", messageId: outlook, inReplyTo: original, references: [original], text }));
    expect(await previewNow()).toBe("OK, thanks");
    // The message itself is the whole mail; the thread folds what splitQuoted finds.
    const [full] = await t.db.select().from(messages).where(eq(messages.sourceId, outlook));
    expect(full!.content).toBe(text);
    expect(splitQuoted(full!.content)).toEqual({ body: "OK, thanks", quoted: expect.stringMatching(/^_{10,}\nFrom: Acme Support/) });
  });
});
