import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversations, messages } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import type { TestApiInbox } from "@/e2e/support/factories";
import { deliverMessage } from "./delivery";
import { ingestMessage } from "./ingest";
import { createMessage } from "./reply";

/*
 * Email-style threading (messages that carry `references`), straight into ingestion: a reference
 * joins a conversation only for its own contact, or when it names one of our outgoing messages.
 */

const t = setupTestDb();

let inbox: TestApiInbox;
let seq = 0;
beforeAll(async () => {
  inbox = await t.makeApiInbox();
});

const mail = (from: string, references: string[], content = "Hello") => ({
  type: "message" as const,
  contact: { sourceId: from, email: from },
  message: { sourceId: `<m${++seq}@mail.test>`, content, references },
});

async function ourReply(conversationId: string, target = inbox) {
  const m = await createMessage(t.db, await t.admin(), conversationId, { content: "Our answer" });
  await deliverMessage(t.db, m.id, { finalAttempt: false });
  const [row] = await t.db.select().from(messages).where(eq(messages.id, m.id));
  expect(row!.sourceId, `reply delivered in ${target.name}`).toBeTruthy();
  return row!.sourceId!;
}

const contactOf = async (conversationId: string) => (await t.db.select().from(conversations).where(eq(conversations.id, conversationId)))[0]!.contactId;

describe("joining by reference", () => {
  it("a stranger citing the customer's message id gets a conversation of their own", async () => {
    const first = mail("customer1@example.com", []);
    const a = await ingestMessage(t.db, inbox, first);
    const b = await ingestMessage(t.db, inbox, mail("stranger1@example.net", [first.message.sourceId, "<unknown@elsewhere>"]));
    expect(b.created).toBe(true);
    expect(b.conversationId).not.toBe(a.conversationId);
    expect(await contactOf(b.conversationId)).not.toBe(await contactOf(a.conversationId));
  });

  it("anyone answering one of our replies joins its conversation", async () => {
    const a = await ingestMessage(t.db, inbox, mail("customer2@example.com", []));
    const ours = await ourReply(a.conversationId);
    const b = await ingestMessage(t.db, inbox, mail("colleague2@example.net", [ours]));
    expect(b.conversationId).toBe(a.conversationId);
    // The conversation stays the customer's; the message is the colleague's.
    const [msg] = await t.db.select().from(messages).where(eq(messages.id, b.messageId));
    const [customer] = await t.db.select().from(messages).where(eq(messages.id, a.messageId));
    expect(await contactOf(a.conversationId)).toBe(customer!.senderContactId);
    expect(msg!.senderContactId).not.toBe(customer!.senderContactId);
  });

  it("an addressee of the cited message joins; the adapter cannot vouch for a reference the mail does not cite", async () => {
    const first = mail("customer6@example.com", []);
    const a = await ingestMessage(t.db, inbox, first);
    const copied = mail("copied6@example.net", [first.message.sourceId]);
    const b = await ingestMessage(t.db, inbox, { ...copied, message: { ...copied.message, addressedReferences: [first.message.sourceId] } });
    expect(b.conversationId).toBe(a.conversationId);

    // "Addressed" only counts for references the mail actually cites.
    const other = mail("copied6b@example.net", ["<unrelated@mail.test>"]);
    const c = await ingestMessage(t.db, inbox, { ...other, message: { ...other.message, addressedReferences: [first.message.sourceId] } });
    expect(c.conversationId).not.toBe(a.conversationId);
  });

  it("the customer joins by citing their own message", async () => {
    const first = mail("customer3@example.com", []);
    const a = await ingestMessage(t.db, inbox, first);
    const b = await ingestMessage(t.db, inbox, mail("customer3@example.com", [first.message.sourceId]));
    expect(b.conversationId).toBe(a.conversationId);
  });

  it("a reply of ours from another inbox opens nothing here", async () => {
    const other = await t.makeApiInbox();
    const there = await ingestMessage(t.db, other, mail("customer4@example.com", []));
    const ours = await ourReply(there.conversationId, other);
    const here = await ingestMessage(t.db, inbox, mail("customer4@example.com", [ours]));
    expect(here.created).toBe(true);
    expect(here.conversationId).not.toBe(there.conversationId);
  });

  it("when several conversations qualify, the most recent referenced message decides", async () => {
    const one = mail("customer5@example.com", []);
    const a = await ingestMessage(t.db, inbox, { ...one, message: { ...one.message, createdAt: new Date(Date.now() - 60_000) } });
    const two = mail("customer5@example.com", []);
    const b = await ingestMessage(t.db, inbox, two);
    expect(b.conversationId).not.toBe(a.conversationId);
    // Citing the newer first does not matter: time decides, not the order of the ids.
    const c = await ingestMessage(t.db, inbox, mail("customer5@example.com", [two.message.sourceId, one.message.sourceId]));
    expect(c.conversationId).toBe(b.conversationId);
  });
});
