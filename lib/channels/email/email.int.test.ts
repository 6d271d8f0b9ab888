import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { attachments, contactIdentities, contacts, conversations, emailMailboxes, emailMessages, inboxes, messages } from "@/db/schema";
import type { MailUser } from "@/e2e/fakes/mail/dovecot";
import { readAttachment } from "@/lib/attachments/access";
import { storeAttachment } from "@/lib/attachments/store";
import { deliverMessage, RetryDelivery } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { AppError } from "@/lib/errors";
import { createInbox } from "@/lib/inboxes/create";
import { updateInbox } from "@/lib/inboxes/update";
import { decryptJson, encryptJson } from "@/lib/security/crypto";
import { setupTestDb } from "@/e2e/support/db";
import { syncMailbox } from "./sync";
import { buildBounce, buildMail, newMessageId } from "@/e2e/support/mail";
import { emailHtmlResponse, emailThread } from "./view";
import { setupMailServers } from "@/e2e/support/mail-servers";

const t = setupTestDb();
const servers = setupMailServers("support", 24, (i) => `imap-pass-${i}`);

type EmailInbox = { id: string; user: MailUser; address: string };

function channel(user: MailUser, over: { imapPassword?: string; smtpPassword?: string; mailbox?: string; signature?: string } = {}) {
  return {
    type: "email",
    email: user.user,
    displayName: "Acme Support",
    signature: over.signature,
    imap: { host: servers.imap.host, port: servers.imap.port, secure: false, user: user.user, password: over.imapPassword ?? user.password, mailbox: over.mailbox },
    smtp: { host: servers.smtp.host, port: servers.smtp.port, secure: false, user: servers.smtp.user, password: over.smtpPassword ?? servers.smtp.password },
  };
}

async function makeInbox(over: Parameters<typeof channel>[1] = {}): Promise<EmailInbox> {
  const user = servers.nextUser();
  const inbox = await createInbox(t.db, await t.admin(), { name: `Support ${servers.used}`, channel: channel(user, over) });
  return { id: inbox.id, user, address: user.user };
}

const deliver = (inbox: EmailInbox, raw: string, date?: Date) => servers.imap.append(inbox.user, raw, { date, mailbox: undefined });

async function rowsOf(inboxId: string) {
  const msgs = await t.db.select().from(messages).where(eq(messages.inboxId, inboxId)).orderBy(messages.createdAt);
  const convs = await t.db.select().from(conversations).where(eq(conversations.inboxId, inboxId));
  return { msgs, convs };
}

async function reply(conversationId: string, content: string, attachmentIds: string[] = []) {
  const m = await createMessage(t.db, await t.admin(), conversationId, { content, attachmentIds });
  await deliverMessage(t.db, m.id, { finalAttempt: false });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
  return row!;
}

describe("creating an email inbox", () => {
  it("refuses a wrong IMAP password with the server's answer and saves nothing", async () => {
    const before = await t.db.select().from(inboxes);
    const err = await createInbox(t.db, await t.admin(), { name: "Bad", channel: channel(servers.users[23]!, { imapPassword: "wrong" }) }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("credentials_rejected");
    expect(err.message).toMatch(/IMAP login to 127\.0\.0\.1:\d+ failed: Authentication failed/);
    expect(await t.db.select().from(inboxes)).toHaveLength(before.length);
  });

  it("refuses a wrong SMTP password and a missing mailbox", async () => {
    const smtpErr = await createInbox(t.db, await t.admin(), { name: "Bad", channel: channel(servers.users[23]!, { smtpPassword: "nope" }) }).catch((e) => e);
    expect(smtpErr.code).toBe("credentials_rejected");
    expect(smtpErr.message).toMatch(/SMTP login to 127\.0\.0\.1:\d+ failed: 535 5\.7\.8 Error: authentication failed/);
    const boxErr = await createInbox(t.db, await t.admin(), { name: "Bad", channel: channel(servers.users[23]!, { mailbox: "Nowhere" }) }).catch((e) => e);
    expect(boxErr.code).toBe("credentials_rejected");
    expect(boxErr.message).toMatch(/mailbox “Nowhere” could not be opened/);
  });

  it("stores passwords encrypted, never in the config, and masks them", async () => {
    const user = servers.nextUser();
    const inbox = await createInbox(t.db, await t.admin(), { name: "Sales", channel: channel(user) });
    expect(JSON.stringify(inbox.config)).not.toContain(user.password);
    expect(inbox.credentials).toEqual({ "imap.password": "••••••••", "smtp.password": "••••••••" });
    expect(inbox.webhookUrl).toBeNull();
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(row!.channelKey).toBe(`email:${user.user}@127.0.0.1:${servers.imap.port}/INBOX`);
    expect(decryptJson<Record<string, string>>(row!.secrets!)["imap.password"]).toBe(user.password);
    // The same mailbox cannot be followed by two inboxes.
    const dup = await createInbox(t.db, await t.admin(), { name: "Again", channel: channel(user) }).catch((e) => e);
    expect(dup.code).toBe("conflict");
    // Changing only the signature keeps the stored passwords (empty = keep) after a fresh check.
    await updateInbox(t.db, await t.admin(), inbox.id, {
      channel: { signature: "Acme **Support**", imap: { password: "" }, smtp: { password: "" } },
    });
    const [after] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(after!.config.signature).toBe("Acme **Support**");
    expect(decryptJson<Record<string, string>>(after!.secrets!)["imap.password"]).toBe(user.password);

    // Pointing IMAP at another server needs its password typed again: a stored one never goes elsewhere.
    const moved = await updateInbox(t.db, await t.admin(), inbox.id, { channel: { imap: { host: "mail.attacker.test", password: "" } } }).catch((e) => e);
    expect(moved.code).toBe("validation");
    expect(moved.fieldErrors).toEqual({ "channel.imap.password": [expect.stringContaining("Type the password again")] });
    const [unchanged] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect((unchanged!.config.imap as { host: string }).host).toBe("127.0.0.1");
  });
});

describe("receiving", () => {
  it("imports only mail that arrived after the inbox was created, as a new conversation with the subject", async () => {
    const user = servers.users[servers.used]!;
    await servers.imap.append(user, buildMail({ from: "Old Timer <old@customer.test>", subject: "Old mail" }), { date: new Date(Date.now() - 3_600_000) });
    const inbox = await makeInbox();
    await deliver(inbox, buildMail({ from: "Jane Doe <Jane@Customer.test>", subject: "Where is order #123?", text: "Hi, my order has not arrived." }));
    const result = await syncMailbox(t.db, inbox.id);
    expect(result).toMatchObject({ status: "ok", imported: 1, complete: true });
    const { msgs, convs } = await rowsOf(inbox.id);
    expect(convs).toHaveLength(1);
    expect(convs[0]!.subject).toBe("Where is order #123?");
    expect(msgs.map((m) => m.content)).toEqual(["Hi, my order has not arrived."]);
    const [contact] = await t.db.select().from(contacts).where(eq(contacts.id, convs[0]!.contactId));
    expect(contact).toMatchObject({ name: "Jane Doe", email: "jane@customer.test" });
    const [identity] = await t.db.select().from(contactIdentities).where(eq(contactIdentities.id, convs[0]!.contactIdentityId!));
    expect(identity!.sourceId).toBe("jane@customer.test");
    const [state] = await t.db.select().from(emailMailboxes).where(eq(emailMailboxes.inboxId, inbox.id));
    expect(state).toMatchObject({ lastUid: 2, lastError: null });
    expect(state!.lastSyncAt).toBeInstanceOf(Date);
  });

  it("threads replies both ways by Message-ID and sends ours with the right headers", async () => {
    const inbox = await makeInbox({ signature: "Acme **Support** team\nhttps://acme.example" });
    const first = newMessageId();
    await deliver(inbox, buildMail({ from: "Tom Li <tom@customer.test>", to: `Acme Support <${inbox.address}>`, subject: "Broken charger", messageId: first, text: "It sparks." }));
    await syncMailbox(t.db, inbox.id);
    const [conv] = (await rowsOf(inbox.id)).convs;

    const sent = await reply(conv!.id, "Sorry to hear that!\n\nWe are sending a new one.");
    expect(sent.status).toBe("sent");
    const mail = servers.smtp.received.at(-1)!;
    expect(mail.envelope).toEqual({ from: inbox.address, to: ["tom@customer.test"] });
    expect(mail.user).toBe(servers.smtp.user);
    expect(mail.parsed.from?.value[0]).toEqual({ address: inbox.address, name: "Acme Support" });
    expect(mail.parsed.subject).toBe("Re: Broken charger");
    expect(mail.parsed.messageId).toBe(sent.sourceId);
    expect(sent.sourceId).toBe(`<${sent.id}.konversio@example.test>`);
    expect(mail.parsed.inReplyTo).toBe(first);
    expect(mail.parsed.references).toBe(first);
    expect(mail.parsed.text).toContain("Sorry to hear that!\n\nWe are sending a new one.\n\n-- \nAcme Support team\nhttps://acme.example");
    expect(mail.parsed.html).toContain("<strong>Support</strong>");

    // The customer answers our reply: it joins the same conversation.
    const second = newMessageId();
    await deliver(inbox, buildMail({ from: "tom@customer.test", subject: "Re: Broken charger", messageId: second, inReplyTo: sent.sourceId!, references: [first, sent.sourceId!], text: "Thanks!\n\nOn Mon, 3 Jun 2024, Acme Support wrote:\n> Sorry to hear that!" }));
    // A new subject from the same person without references is a new conversation.
    await deliver(inbox, buildMail({ from: "tom@customer.test", subject: "Another thing", text: "New question" }));
    await syncMailbox(t.db, inbox.id);
    const { msgs, convs } = await rowsOf(inbox.id);
    expect(convs).toHaveLength(2);
    expect(msgs.filter((m) => m.conversationId === conv!.id).map((m) => m.content)).toEqual([
      "It sparks.",
      "Sorry to hear that!\n\nWe are sending a new one.",
      "Thanks!\n\nOn Mon, 3 Jun 2024, Acme Support wrote:\n> Sorry to hear that!",
    ]);
    // The list shows what the customer wrote, not the history they quoted.
    expect(convs.find((c) => c.id === conv!.id)!.lastMessagePreview).toBe("Thanks!");

    // The next reply references the whole thread and answers the latest customer mail.
    await reply(conv!.id, "You're welcome.");
    const next = servers.smtp.received.at(-1)!;
    expect(next.parsed.inReplyTo).toBe(second);
    expect(next.parsed.references).toEqual([first, sent.sourceId, second]);
  });

  it("stores a mail delivered twice once, and a restart reads nothing again", async () => {
    const inbox = await makeInbox();
    const id = newMessageId();
    const raw = buildMail({ from: "dup@customer.test", messageId: id });
    await deliver(inbox, raw);
    await deliver(inbox, raw);
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ imported: 1, ignored: 1 });
    // A "restart": state comes from the database only; nothing is read again.
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ status: "ok", imported: 0, ignored: 0 });
    await deliver(inbox, raw); // and a third copy, later
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ imported: 0, ignored: 0 });
    expect((await rowsOf(inbox.id)).msgs).toHaveLength(1);
  });

  it("after a UIDVALIDITY change neither loses nor duplicates mail", async () => {
    const user = servers.users[servers.used]!;
    const c = await servers.imap.client(user);
    await c.mailboxCreate("Support");
    await c.logout();
    const inbox = await makeInbox({ mailbox: "Support" });
    const kept = buildMail({ from: "a@customer.test", subject: "Before the change" });
    await servers.imap.append(user, kept, { mailbox: "Support" });
    await syncMailbox(t.db, inbox.id);
    const [before] = await t.db.select().from(emailMailboxes).where(eq(emailMailboxes.inboxId, inbox.id));

    // The server rebuilds the mailbox (new UIDVALIDITY, UIDs restart): old mail is back, plus new mail.
    const c2 = await servers.imap.client(user);
    await c2.mailboxDelete("Support");
    await new Promise((r) => setTimeout(r, 1100)); // Dovecot derives UIDVALIDITY from the clock
    await c2.mailboxCreate("Support");
    await c2.logout();
    await servers.imap.append(user, kept, { mailbox: "Support" });
    await servers.imap.append(user, buildMail({ from: "b@customer.test", subject: "After the change" }), { mailbox: "Support" });
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ status: "ok", imported: 1 });
    const [after] = await t.db.select().from(emailMailboxes).where(eq(emailMailboxes.inboxId, inbox.id));
    expect(after!.uidValidity).not.toBe(before!.uidValidity);
    expect(after!.lastUid).toBe(2);
    const { convs } = await rowsOf(inbox.id);
    expect(convs.map((c) => c.subject).sort()).toEqual(["After the change", "Before the change"]);
  });

  it("keeps HTML harmless, shows inline images from stored attachments and counts remote images", async () => {
    const inbox = await makeInbox();
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
    const html = `<html><head><script>alert(1)</script><style>.x{color:red}</style></head><body onload="steal()">
      <p class="x">Hello <b>team</b><img src="x" onerror="alert(2)"></p>
      <a href="javascript:alert(3)">click</a> <a href="https://acme.example/track">site</a>
      <iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="pw"></form>
      <img src="cid:logo@acme"><img src="https://tracker.example/pixel.gif" width="1">
      <svg><script>alert(4)</script></svg><object data="x"></object>
      <div class="gmail_quote">On Mon, Jane wrote:<blockquote>old stuff</blockquote></div></body></html>`;
    await deliver(inbox, buildMail({ from: "news@customer.test", html, text: "Hello team", attachments: [{ filename: "logo.png", contentType: "image/png", content: png, cid: "logo@acme" }, { filename: "invoice.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 test") }] }));
    await syncMailbox(t.db, inbox.id);
    const { msgs, convs } = await rowsOf(inbox.id);
    const [stored] = await t.db.select().from(emailMessages).where(eq(emailMessages.messageIdHeader, msgs[0]!.sourceId!));
    const clean = stored!.html!;
    expect(clean).not.toMatch(/<script|onerror|onload|javascript:|<iframe|<form|<input|<object|<svg|alert\(/i);
    expect(clean).toContain("<b>team</b>");
    expect(clean).toContain('<a href="https://acme.example/track" target="_blank" rel="noopener noreferrer nofollow">site</a>');
    expect(clean).toMatch(/<details class="kv-quoted"><summary[^>]*>•••<\/summary><div class="gmail_quote">On Mon, Jane wrote:/);
    expect(stored!.remoteImages).toBe(1);
    // The inline logo points at its stored copy; only the PDF is listed as an attachment.
    const files = await t.db.select().from(attachments).where(eq(attachments.conversationId, convs[0]!.id));
    expect(files.map((f) => f.name).sort()).toEqual(["invoice.pdf", "logo.png"]);
    const logo = files.find((f) => f.name === "logo.png")!;
    expect(clean).toContain(`src="/api/attachments/${logo.id}"`);
    expect(msgs[0]!.attachments).toEqual([expect.objectContaining({ name: "invoice.pdf", contentType: "application/pdf", url: expect.stringMatching(/^\/api\/attachments\//) })]);

    // Served to the thread under a policy that forbids scripts and (until asked) remote images.
    const admin = await t.admin();
    const details = (await emailThread(t.db, admin, convs[0]!.id)).data;
    expect(details[msgs[0]!.id]).toMatchObject({ hasHtml: true, remoteImages: 1, from: { address: "news@customer.test" } });
    const res = await emailHtmlResponse(t.db, admin, convs[0]!.id, msgs[0]!.id, { images: false });
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).not.toContain("allow-scripts");
    expect(await res.text()).not.toContain("<script");
    const withImages = await emailHtmlResponse(t.db, admin, convs[0]!.id, msgs[0]!.id, { images: true });
    expect(withImages.headers.get("content-security-policy")).toContain("img-src 'self' data: https: http:");
    const agent = await t.makeAgent();
    await expect(emailThread(t.db, t.actorOf(agent), convs[0]!.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("marks our reply failed when its bounce arrives, and never opens a conversation for it", async () => {
    const inbox = await makeInbox();
    await deliver(inbox, buildMail({ from: "nobody@customer.test", subject: "Hello" }));
    await syncMailbox(t.db, inbox.id);
    const [conv] = (await rowsOf(inbox.id)).convs;
    const sent = await reply(conv!.id, "Hi there");
    // A delay notice changes nothing; the final failure does.
    await deliver(inbox, buildBounce({ originalId: sent.sourceId!, recipient: "nobody@customer.test", to: inbox.address, action: "delayed", diagnostic: "451 4.4.1 try later" }));
    await deliver(inbox, buildBounce({ originalId: sent.sourceId!, recipient: "nobody@customer.test", to: inbox.address }));
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ imported: 0, ignored: 2 });
    const [after] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(after!.status).toBe("failed");
    expect(after!.error).toBe(
      "The recipient's mail server refused it for nobody@customer.test: 550 5.1.1 <nobody@customer.test>: Recipient address rejected: User unknown in virtual mailbox table",
    );
    expect((await rowsOf(inbox.id)).convs).toHaveLength(1);
  });

  it("ignores auto-replies, list mail and our own mail coming back", async () => {
    const inbox = await makeInbox();
    await deliver(inbox, buildMail({ from: "ooo@customer.test", subject: "Out of office", headers: { "Auto-Submitted": "auto-replied" } }));
    await deliver(inbox, buildMail({ from: "ooo2@customer.test", subject: "Away", headers: { "X-Autoreply": "yes" } }));
    await deliver(inbox, buildMail({ from: "list@customer.test", subject: "Digest", headers: { Precedence: "bulk" } }));
    await deliver(inbox, buildMail({ from: `Support <${inbox.address}>`, subject: "Loop" }));
    await deliver(inbox, buildMail({ from: "human@customer.test", subject: "Real", headers: { "Auto-Submitted": "no" } }));
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ imported: 1, ignored: 4 });
    expect((await rowsOf(inbox.id)).convs.map((c) => c.subject)).toEqual(["Real"]);
  });

  it("links one sender writing to two inboxes to one contact, and serves the mail's files to agents who can see it", async () => {
    const a = await makeInbox();
    const b = await makeInbox();
    await deliver(a, buildMail({ from: "Lena Ortiz <lena@customer.test>", subject: "Billing", attachments: [{ filename: "receipt.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 receipt") }] }));
    await deliver(b, buildMail({ from: "lena@customer.test", subject: "Sales" }));
    await syncMailbox(t.db, a.id);
    await syncMailbox(t.db, b.id);
    const [ca] = (await rowsOf(a.id)).convs;
    const [cb] = (await rowsOf(b.id)).convs;
    expect(ca!.contactId).toBe(cb!.contactId);
    const ids = await t.db.select().from(contactIdentities).where(eq(contactIdentities.contactId, ca!.contactId));
    expect(ids.map((i) => i.inboxId).sort()).toEqual([a.id, b.id].sort());

    const [msg] = (await rowsOf(a.id)).msgs;
    const fileId = msg!.attachments[0]!.url.split("/").pop()!;
    const file = await readAttachment(t.db, fileId, { actor: async () => t.admin() });
    expect(file.bytes.toString()).toBe("%PDF-1.4 receipt");
    const outsider = await t.makeAgent();
    await expect(readAttachment(t.db, fileId, { actor: async () => t.actorOf(outsider) })).rejects.toMatchObject({ code: "not_found" });
  });

  it("starts over in a new mailbox when the admin points the inbox at another folder", async () => {
    const inbox = await makeInbox();
    const c = await servers.imap.client(inbox.user);
    await c.mailboxCreate("Archive");
    await c.logout();
    await deliver(inbox, buildMail({ from: "x@customer.test", subject: "In INBOX" }));
    await syncMailbox(t.db, inbox.id);
    await servers.imap.append(inbox.user, buildMail({ from: "y@customer.test", subject: "In Archive" }), { mailbox: "Archive" });
    await updateInbox(t.db, await t.admin(), inbox.id, { channel: { imap: { mailbox: "Archive", password: "" }, smtp: { password: "" } } });
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ status: "ok", imported: 1 });
    expect((await rowsOf(inbox.id)).convs.map((x) => x.subject).sort()).toEqual(["In Archive", "In INBOX"]);
    const [state] = await t.db.select().from(emailMailboxes).where(eq(emailMailboxes.inboxId, inbox.id));
    expect(state!.mailboxKey).toMatch(/\/Archive$/);
  });

  it("records a refused IMAP login, backs off and flags the inbox; a good login clears it", async () => {
    const inbox = await makeInbox();
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    const good = decryptJson<Record<string, string>>(row!.secrets!);
    await t.db.update(inboxes).set({ secrets: encryptJson({ ...good, "imap.password": "revoked" }) }).where(eq(inboxes.id, inbox.id));
    const result = await syncMailbox(t.db, inbox.id);
    expect(result).toMatchObject({ status: "error", error: expect.stringContaining("IMAP login refused: Authentication failed") });
    const [state] = await t.db.select().from(emailMailboxes).where(eq(emailMailboxes.inboxId, inbox.id));
    expect(state!.failures).toBe(1);
    expect(state!.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
    const [flagged] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(flagged).toMatchObject({ status: "error", lastError: expect.stringContaining("Receiving mail failed") });

    await t.db.update(inboxes).set({ secrets: row!.secrets }).where(eq(inboxes.id, inbox.id));
    expect(await syncMailbox(t.db, inbox.id)).toMatchObject({ status: "ok" });
    const [healed] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(healed).toMatchObject({ status: "active", lastError: null });
  });
});

describe("sending", () => {
  async function conversationFor(inbox: EmailInbox, from: string) {
    await deliver(inbox, buildMail({ from, subject: "Help" }));
    await syncMailbox(t.db, inbox.id);
    const [conv] = await t.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.inboxId, inbox.id)));
    return conv!;
  }

  it("retries a 4xx answer and sends exactly once; a 5xx fails with the server's words", async () => {
    const inbox = await makeInbox();
    const conv = await conversationFor(inbox, "retry@customer.test");
    const count = servers.smtp.received.length;
    servers.smtp.fail({ stage: "data", code: 451, message: "4.3.0 Mailbox temporarily unavailable" });
    const m = await createMessage(t.db, await t.admin(), conv.id, { content: "First try" });
    const err = await deliverMessage(t.db, m.id, { finalAttempt: false }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryDelivery);
    expect(err.message).toMatch(/try again later: 451 4\.3\.0 Mailbox temporarily unavailable/);
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    expect(servers.smtp.received.length).toBe(count + 1);
    const [ok] = await t.db.select().from(messages).where(eq(messages.id, m.id));
    expect(ok).toMatchObject({ status: "sent", error: null });

    servers.smtp.fail({ stage: "rcpt", code: 550, message: "5.1.1 <retry@customer.test>: Recipient address rejected: User unknown" });
    const m2 = await createMessage(t.db, await t.admin(), conv.id, { content: "Second" });
    await deliverMessage(t.db, m2.id, { finalAttempt: false });
    const [failed] = await t.db.select().from(messages).where(eq(messages.id, m2.id));
    expect(failed!.status).toBe("failed");
    expect(failed!.error).toContain("The mail server refused the message: 550 5.1.1 <retry@customer.test>: Recipient address rejected: User unknown");
    const [stillActive] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(stillActive!.status).toBe("active");
  });

  it("a refused SMTP login fails the reply and puts the inbox into needs attention", async () => {
    const inbox = await makeInbox();
    const conv = await conversationFor(inbox, "auth@customer.test");
    const [row] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    const secrets = decryptJson<Record<string, string>>(row!.secrets!);
    await t.db.update(inboxes).set({ secrets: encryptJson({ ...secrets, "smtp.password": "revoked" }) }).where(eq(inboxes.id, inbox.id));
    const m = await createMessage(t.db, await t.admin(), conv.id, { content: "Hello" });
    await deliverMessage(t.db, m.id, { finalAttempt: false });
    const [failed] = await t.db.select().from(messages).where(eq(messages.id, m.id));
    expect(failed!.error).toMatch(/refused the inbox's SMTP login: 535 5\.7\.8/);
    const [flagged] = await t.db.select().from(inboxes).where(eq(inboxes.id, inbox.id));
    expect(flagged!.status).toBe("error");
  });

  it("sends the agent's attachments", async () => {
    const inbox = await makeInbox();
    const conv = await conversationFor(inbox, "files@customer.test");
    const admin = await t.admin();
    const file = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: null, uploaderUserId: admin.id, name: "notes.txt", bytes: Buffer.from("packing list") });
    const sent = await reply(conv.id, "See attached", [file.id]);
    expect(sent.status).toBe("sent");
    const mail = servers.smtp.received.at(-1)!;
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([["notes.txt", "text/plain", "packing list"]]);
  });
});
