import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, conversations, messages } from "@/db/schema";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { startConversation } from "@/lib/conversations/start";
import { createInbox } from "@/lib/inboxes/create";
import { deleteInbox } from "@/lib/inboxes/delete";
import { setupTestDb } from "@/e2e/support/db";
import { syncMailbox } from "./sync";
import { buildMail, newMessageId } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";

/*
 * An agent writes first: a new mail to the customer, real SMTP out and real IMAP back in.
 */

const t = setupTestDb();
const servers = setupMailServers("start", 7);

async function makeInbox() {
  const user = servers.nextUser();
  const inbox = await createInbox(t.db, await t.admin(), {
    name: `Outreach ${servers.used}`,
    channel: servers.channelFor(user, { displayName: "Acme Sales" }),
  });
  return { id: inbox.id, user, address: user.user };
}

/** Delivers the conversation's pending mail as the job would; returns what the SMTP server received. */
async function deliver(messageId: string) {
  const before = servers.smtp.received.length;
  await deliverMessage(t.db, messageId, { finalAttempt: false });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, messageId));
  expect(row!.status, row!.error ?? "").toBe("sent");
  expect(servers.smtp.received.length).toBe(before + 1);
  return { row: row!, mail: servers.smtp.received.at(-1)! };
}

const firstMessageOf = async (conversationId: string) =>
  (await t.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.createdAt))[0]!;

describe("starting a conversation by email", () => {
  it("sends a new mail with the subject as written, assigns the agent, and the customer's answer threads back", async () => {
    const inbox = await makeInbox();
    const agent = t.actorOf(await t.makeAgent({ name: "Sam Seller" }));
    await t.setAgents(inbox.id, [agent.id]);

    const conv = await startConversation(t.db, agent, {
      inboxId: inbox.id,
      to: " Kim@Bakery.test ",
      name: "Kim Lee",
      subject: "Your bulk flour order",
      content: "Hi Kim,\n\nThe 50 kg sacks are back in stock.",
      cc: ["orders@bakery.test"],
    });
    expect(conv).toMatchObject({ subject: "Your bulk flour order", status: "open", assignee: { id: agent.id }, contact: { name: "Kim Lee", email: "kim@bakery.test" } });

    const first = await firstMessageOf(conv.id);
    expect(first).toMatchObject({ kind: "outgoing", status: "pending", senderUserId: agent.id });
    const { row, mail } = await deliver(first.id);
    expect(mail.parsed.subject).toBe("Your bulk flour order");
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.messageId).toBe(row.sourceId);
    expect(mail.envelope).toEqual({ from: inbox.address, to: ["kim@bakery.test", "orders@bakery.test"] });

    // Kim answers the mail: it joins the conversation, and our next reply is "Re:" with the references.
    const answer = newMessageId("bakery.test");
    await servers.imap.append(inbox.user, buildMail({ from: "Kim Lee <kim@bakery.test>", to: inbox.address, subject: "Re: Your bulk flour order", messageId: answer, inReplyTo: row.sourceId!, references: [row.sourceId!], text: "Great, 4 sacks please." }));
    await syncMailbox(t.db, inbox.id);
    const [joined] = await t.db.select().from(messages).where(eq(messages.sourceId, answer));
    expect(joined!.conversationId).toBe(conv.id);
    const next = await createMessage(t.db, agent, conv.id, { content: "Done, they ship tomorrow." });
    const reply = (await deliver(next.id)).mail;
    expect(reply.parsed.subject).toBe("Re: Your bulk flour order");
    expect(reply.parsed.inReplyTo).toBe(answer);
  });

  it("a follow-up queued before the first mail went out still threads under it", async () => {
    const inbox = await makeInbox();
    const admin = await t.admin();
    const conv = await startConversation(t.db, admin, { inboxId: inbox.id, to: "lou@cafe.test", subject: "Espresso machine service", content: "When suits you?" });
    const first = await firstMessageOf(conv.id);
    const second = await createMessage(t.db, admin, conv.id, { content: "Also: we can bring a loan machine." });
    // The follow-up happens to be delivered first.
    const followUp = (await deliver(second.id)).mail;
    const opening = (await deliver(first.id)).mail;
    expect(followUp.parsed.subject).toBe("Re: Espresso machine service");
    expect(followUp.parsed.inReplyTo).toBe(opening.parsed.messageId);
    expect(opening.parsed.subject).toBe("Espresso machine service");
    expect(opening.parsed.inReplyTo).toBeUndefined();
  });

  it("writes to a known customer as that contact, and refuses what it cannot send, leaving nothing behind", async () => {
    const inbox = await makeInbox();
    const admin = await t.admin();
    // Kim wrote to another inbox before: one contact.
    const earlier = await makeInbox();
    await servers.imap.append(earlier.user, buildMail({ from: "Kim Lee <kim@bakery.test>", to: earlier.address, text: "Hello" }));
    await syncMailbox(t.db, earlier.id);
    const [kim] = await t.db.select().from(contacts).where(eq(contacts.email, "kim@bakery.test"));
    const conv = await startConversation(t.db, admin, { inboxId: inbox.id, to: "kim@bakery.test", subject: "Following up", content: "Any news?" });
    expect(conv.contact.id).toBe(kim!.id);

    const before = (await t.db.select().from(conversations)).length;
    const outsider = t.actorOf(await t.makeAgent());
    await expect(startConversation(t.db, outsider, { inboxId: inbox.id, to: "a@b.test", subject: "Hi", content: "Hi" })).rejects.toMatchObject({ code: "not_found" });
    await expect(startConversation(t.db, admin, { inboxId: inbox.id, to: "not an address", subject: "", content: "" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { to: ["Enter the customer's email address, like name@example.com"], subject: ["Write a subject"], content: ["Write a message"] },
    });
    const api = await t.makeApiInbox();
    await expect(startConversation(t.db, admin, { inboxId: api.id, to: "a@b.test", subject: "Hi", content: "Hi" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { inboxId: ["Only email inboxes can start a conversation"] },
    });
    const retired = await makeInbox();
    await deleteInbox(t.db, admin, retired.id);
    await expect(startConversation(t.db, admin, { inboxId: retired.id, to: "a@b.test", subject: "Hi", content: "Hi" })).rejects.toMatchObject({ code: "gone" });
    expect((await t.db.select().from(conversations)).length).toBe(before);
  });
});
