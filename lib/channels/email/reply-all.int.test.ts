import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { describe, expect, it } from "vitest";
import { contacts, conversations, emailMessages, messages } from "@/db/schema";
import type { SmtpSink } from "@/e2e/fakes/mail/smtp";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { createInbox } from "@/lib/inboxes/create";
import { setupTestDb } from "@/e2e/support/db";
import { freePort } from "../../../scripts/runtime.mjs";
import { buildBounce, buildMail, newMessageId } from "@/e2e/support/mail";
import { emailThread } from "./view";
import { setupMailServers } from "@/e2e/support/mail-servers";
import { emailInboxes } from "@/e2e/support/email-inboxes";

/*
 * Reply-all: a reply reaches everyone on the customer's latest mail, never us, and the people it
 * copies may answer into the conversation. Real mail through Dovecot and a real SMTP server.
 */

const t = setupTestDb();
const servers = setupMailServers("replyall", 13);

const { makeInbox, receive, conversationOf, reply } = emailInboxes(t, servers);

const ccOf = (mail: SmtpSink["received"][number]) => {
  const cc = mail.parsed.cc;
  return (Array.isArray(cc) ? cc : cc ? [cc] : []).flatMap((a) => a.value);
};

describe("reply-all", () => {
  it("copies the customer's To and Cc on the reply, envelope and header, and records them for the thread", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(
      inbox,
      buildMail({
        from: "Maya Stone <maya@customer.test>",
        to: `Acme Support <${inbox.address}>`,
        headers: { Cc: "Anna Berg <anna@customer.test>, ben@partner.test" },
        subject: "Contract renewal",
        messageId: original,
        text: "Looping in Anna and Ben.",
      }),
    );
    const conversationId = await conversationOf(original);
    const { message, mail } = await reply(conversationId, "Thanks, all three of you will hear from us.");

    expect(mail.envelope).toEqual({ from: inbox.address, to: ["maya@customer.test", "anna@customer.test", "ben@partner.test"] });
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : null).toEqual([{ address: "maya@customer.test", name: "" }]);
    expect(ccOf(mail)).toEqual([
      { address: "anna@customer.test", name: "Anna Berg" },
      { address: "ben@partner.test", name: "" },
    ]);
    expect(mail.raw.toString()).not.toMatch(new RegExp(`^Cc:.*${inbox.address}`, "im"));

    // The reply's own email row carries what went out, so the thread shows it like incoming mail.
    const [row] = await t.db.select().from(emailMessages).where(and(eq(emailMessages.inboxId, inbox.id), eq(emailMessages.messageIdHeader, message.sourceId!)));
    expect(row).toMatchObject({ to: [{ address: "maya@customer.test" }], cc: [{ address: "anna@customer.test", name: "Anna Berg" }, { address: "ben@partner.test" }] });
    const details = (await emailThread(t.db, await t.admin(), conversationId)).data;
    expect(details[message.id]).toMatchObject({ from: { address: inbox.address }, to: [{ address: "maya@customer.test" }], cc: [{ address: "anna@customer.test" }, { address: "ben@partner.test" }] });
  });

  it("the Cc the agent chose replaces the rule's: someone dropped, someone added, names kept, the customer never twice", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(
      inbox,
      buildMail({ from: "Maya Stone <maya@customer.test>", to: inbox.address, headers: { Cc: "Anna Berg <anna@customer.test>, ben@partner.test" }, subject: "Invoice copy", messageId: original, text: "Can you resend it?" }),
    );
    const conversationId = await conversationOf(original);

    const { message, mail } = await reply(conversationId, "Here it is, Anna and our accountant copied.", ["ANNA@customer.test", "books@acme-accounting.test", "maya@customer.test", "anna@customer.test"]);
    expect(message.cc).toEqual(["anna@customer.test", "books@acme-accounting.test", "maya@customer.test"]);
    expect(mail.envelope).toEqual({ from: inbox.address, to: ["maya@customer.test", "anna@customer.test", "books@acme-accounting.test"] });
    expect(ccOf(mail)).toEqual([
      { address: "anna@customer.test", name: "Anna Berg" },
      { address: "books@acme-accounting.test", name: "" },
    ]);

    // An empty choice answers the customer alone; the next reply without a choice follows the rule again.
    expect((await reply(conversationId, "Just for you, Maya.", [])).mail.envelope.to).toEqual(["maya@customer.test"]);
    expect((await reply(conversationId, "Back to everyone.")).mail.envelope.to).toEqual(["maya@customer.test", "anna@customer.test", "ben@partner.test"]);
  });

  it("refuses a Cc that is not an address, one on a private note, and one outside email conversations", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "maya@customer.test", to: inbox.address, messageId: original, text: "Hello" }));
    const conversationId = await conversationOf(original);
    const admin = await t.admin();
    await expect(createMessage(t.db, admin, conversationId, { content: "Hi", cc: ["not an address"] })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { "cc.0": ["Enter a valid email address, like name@example.com"] },
    });
    await expect(createMessage(t.db, admin, conversationId, { content: "FYI", private: true, cc: ["a@b.test"] })).rejects.toMatchObject({ code: "validation" });
    const api = await t.makeApiInbox();
    const chat = await t.incoming(api, { contact: "chat-customer-1" });
    await expect(createMessage(t.db, admin, chat.conversationId, { content: "Hi", cc: ["a@b.test"] })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { cc: ["Only email conversations have copies"] },
    });
    expect(await t.db.select().from(messages).where(eq(messages.conversationId, conversationId))).toHaveLength(1);
  });

  it("never copies us: the inbox's address in another case or with a +tag, its login, another inbox, or the customer twice", async () => {
    const inbox = await makeInbox();
    const sales = await makeInbox();
    const original = newMessageId();
    const shouted = inbox.address.toUpperCase();
    const tagged = inbox.address.replace("@", "+billing@");
    await receive(
      inbox,
      buildMail({
        from: "maya@customer.test",
        to: `Ben <ben@partner.test>, "Support" <${shouted}>`,
        headers: { Cc: `${tagged}, ${sales.address}, ${servers.smtp.user}, MAYA@Customer.Test, Ben Again <BEN@partner.test>` },
        messageId: original,
      }),
    );
    const { message, mail } = await reply(await conversationOf(original), "Noted.");
    expect(mail.envelope.to).toEqual(["maya@customer.test", "ben@partner.test"]);
    expect(ccOf(mail)).toEqual([{ address: "ben@partner.test", name: "Ben" }]);
    const [row] = await t.db.select().from(emailMessages).where(and(eq(emailMessages.inboxId, inbox.id), eq(emailMessages.messageIdHeader, message.sourceId!)));
    expect(row!.cc).toEqual([{ address: "ben@partner.test", name: "Ben" }]);
  });

  it("never copies the other addresses the admin listed for the mailbox, and mail from them is our own", async () => {
    const inbox = await makeInbox({ aliases: "Help@Shop.test, billing@shop.test" });
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "maya@customer.test", to: "Shop Help <help@shop.test>", headers: { Cc: "billing@shop.test, anna@customer.test" }, messageId: original }));
    const conversationId = await conversationOf(original);
    const { mail } = await reply(conversationId, "On it.");
    expect(mail.envelope.to).toEqual(["maya@customer.test", "anna@customer.test"]);

    // A mail sent from an alias (a colleague answering from the shared address) comes back into the mailbox.
    const fromAlias = newMessageId("shop.test");
    await receive(inbox, buildMail({ from: "Shop Billing <billing@shop.test>", to: "maya@customer.test", inReplyTo: original, references: [original], messageId: fromAlias }));
    expect(await t.db.select().from(messages).where(eq(messages.sourceId, fromAlias))).toHaveLength(0);

    // A group forwarding into the mailbox puts itself in From and the writer in Reply-To: the writer's mail.
    const viaGroup = newMessageId("bakery.test");
    await receive(inbox, buildMail({ from: "Kim Lee via Billing <billing@shop.test>", headers: { "Reply-To": "Kim Lee <kim@bakery.test>" }, to: "billing@shop.test", messageId: viaGroup, text: "Invoice 88 is wrong." }));
    const [kim] = await t.db.select({ email: contacts.email, name: contacts.name }).from(messages).innerJoin(contacts, eq(contacts.id, messages.senderContactId)).where(eq(messages.sourceId, viaGroup));
    expect(kim).toEqual({ email: "kim@bakery.test", name: "Kim Lee" });

    await expect(
      createInbox(t.db, await t.admin(), {
        name: "Bad aliases",
        channel: { type: "email", email: "x@shop.test", aliases: "help@shop.test billing", imap: { host: "h", port: 1, secure: false, user: "u", password: "p" }, smtp: { host: "h", port: 1, secure: false, user: "u", password: "p" } },
      }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { "channel.aliases": ["“billing” is not an email address; separate addresses with commas"] } });
  });

  it("someone the reply copied answers it: the answer joins the conversation, and the next reply keeps them in", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "maya@customer.test", to: inbox.address, headers: { Cc: "anna@customer.test" }, subject: "Broken charger", messageId: original }));
    const conversationId = await conversationOf(original);
    const { mail } = await reply(conversationId, "Can someone send a photo?");
    expect(mail.envelope.to).toContain("anna@customer.test");

    // Anna answers the copy she got (reply-all: To us, Cc Maya), threading on our Message-ID.
    const answer = newMessageId();
    await receive(
      inbox,
      buildMail({
        from: "Anna Berg <anna@customer.test>",
        to: `Acme Support <${inbox.address}>`,
        headers: { Cc: "maya@customer.test" },
        subject: `Re: ${mail.parsed.subject}`,
        messageId: answer,
        inReplyTo: mail.parsed.messageId!,
        references: [original, mail.parsed.messageId!],
        text: "Photo attached.",
      }),
    );
    expect(await conversationOf(answer)).toBe(conversationId);
    expect(await t.db.select().from(conversations).where(eq(conversations.inboxId, inbox.id))).toHaveLength(1);

    // The next reply still goes to Maya, with Anna (who wrote the latest mail) copied.
    const next = await reply(conversationId, "Got it, thanks Anna.");
    expect(next.mail.envelope.to).toEqual(["maya@customer.test", "anna@customer.test"]);
    expect(next.mail.parsed.inReplyTo).toBe(answer);
  });

  it("a bounce for a copied person leaves the reply sent and says so in the thread; one for the customer fails it", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(inbox, buildMail({ from: "maya@customer.test", to: inbox.address, headers: { Cc: "gone@partner.test" }, messageId: original }));
    const conversationId = await conversationOf(original);
    const first = await reply(conversationId, "Hello both.");
    const bounce = buildBounce({ originalId: first.message.sourceId!, recipient: "gone@partner.test", to: inbox.address });
    // Read twice (a mailbox rescan): still one line.
    await receive(inbox, bounce, bounce);
    const [kept] = await t.db.select().from(messages).where(eq(messages.id, first.message.id));
    expect(kept).toMatchObject({ status: "sent", error: null });
    const activity = await t.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "activity")));
    expect(activity.map((a) => a.content)).toEqual([
      expect.stringMatching(/^gone@partner\.test \(Cc\) did not get the reply of .+ UTC: the recipient's mail server refused it: 550 5\.1\.1 <gone@partner\.test>/),
    ]);
    expect(await t.db.select().from(conversations).where(eq(conversations.inboxId, inbox.id))).toHaveLength(1);

    const second = await reply(conversationId, "Maya?");
    await receive(inbox, buildBounce({ originalId: second.message.sourceId!, recipient: "maya@customer.test", to: inbox.address }));
    const [failed] = await t.db.select().from(messages).where(eq(messages.id, second.message.id));
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("refused it for maya@customer.test") });
  });

  it("a copied address the mail server refuses is noted; the customer's refused address fails the reply", async () => {
    const relay = await startPickyRelay();
    try {
      const inbox = await makeInbox({ smtpPort: relay.port });
      const original = newMessageId();
      await receive(inbox, buildMail({ from: "maya@customer.test", to: inbox.address, headers: { Cc: "typo@partner.test" }, messageId: original }));
      const conversationId = await conversationOf(original);
      const send = async (content: string) => {
        const m = await createMessage(t.db, await t.admin(), conversationId, { content });
        await deliverMessage(t.db, m.id, { finalAttempt: false });
        const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
        return row!;
      };

      relay.refuse.add("typo@partner.test");
      const sent = await send("Hello both.");
      expect(sent).toMatchObject({ status: "sent", error: null });
      expect(relay.delivered.at(-1)).toEqual(["maya@customer.test"]);
      const activity = await t.db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "activity")));
      expect(activity.map((a) => a.content)).toEqual([
        expect.stringMatching(/^typo@partner\.test \(Cc\) did not get the reply of .+ UTC: the mail server refused the address: 550 5\.1\.1 <typo@partner\.test>: Recipient address rejected/),
      ]);

      // Maya's address refused, the copy taken: the reply failed, and the agent learns the copy went.
      relay.refuse.clear();
      relay.refuse.add("maya@customer.test");
      const failed = await send("Maya?");
      expect(relay.delivered.at(-1)).toEqual(["typo@partner.test"]);
      expect(failed.status).toBe("failed");
      expect(failed.error).toBe(
        "The mail server refused the message: 550 5.1.1 <maya@customer.test>: Recipient address rejected (the copies to typo@partner.test were sent)",
      );
    } finally {
      await relay.stop();
    }
  });
});

/** An SMTP relay that refuses the addresses in `refuse` at RCPT and takes the mail for the rest (the shared sink scripts answers by turn, not by address). */
async function startPickyRelay() {
  const refuse = new Set<string>();
  const delivered: string[][] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username }),
    onRcptTo(address, _session, cb) {
      if (!refuse.has(address.address)) return cb();
      cb(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), { responseCode: 550 }));
    },
    onData(stream, session, cb) {
      stream.resume();
      stream.on("end", () => {
        delivered.push(session.envelope.rcptTo.map((r) => r.address));
        cb(null);
      });
    },
  });
  server.on("error", () => {});
  const port: number = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { port, refuse, delivered, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
