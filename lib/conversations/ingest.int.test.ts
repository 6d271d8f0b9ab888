import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactIdentities, conversations, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { setupTestDb } from "@/e2e/support/db";
import type { TestApiInbox } from "@/e2e/support/factories";
import { deliverMessage } from "./delivery";
import { applyStatus, ingestEvents, ingestMessage } from "./ingest";
import { createMessage } from "./reply";
import { updateConversation } from "./update";

const t = setupTestDb();

const event = (contact: string, sourceId: string, content = "Hi!") => ({
  type: "message" as const,
  contact: { sourceId: contact, name: "Casey Contact" },
  message: { sourceId, content },
});

async function conversationsOf(inboxId: string, contact: string) {
  return t.db
    .select({ id: conversations.id, status: conversations.status, snoozedUntil: conversations.snoozedUntil })
    .from(conversations)
    .innerJoin(contactIdentities, eq(contactIdentities.id, conversations.contactIdentityId))
    .where(and(eq(conversations.inboxId, inboxId), eq(contactIdentities.sourceId, contact)));
}

async function count(table: typeof messages | typeof contactIdentities, where: ReturnType<typeof eq>) {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return r!.n;
}

describe("ingestMessage", () => {
  let inbox: TestApiInbox;
  let admin: Actor;
  beforeAll(async () => {
    inbox = await t.makeApiInbox();
    admin = await t.admin();
  });

  it("is idempotent: the same message.sourceId twice gives the same ids and one row", async () => {
    const first = await ingestMessage(t.db, inbox, event("idem-contact", "idem-1"));
    const second = await ingestMessage(t.db, inbox, event("idem-contact", "idem-1", "a changed retry body"));
    expect(first.created).toBe(true);
    expect(second).toEqual({ conversationId: first.conversationId, messageId: first.messageId, created: false });
    expect(await count(messages, eq(messages.sourceId, "idem-1"))).toBe(1);
    const [row] = await t.db.select().from(messages).where(eq(messages.id, first.messageId));
    expect(row!.content).toBe("Hi!");
  });

  it("stores exactly one message and one conversation for 20 concurrent duplicate deliveries", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => ingestMessage(t.db, inbox, event("burst-contact", "burst-1"))));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await count(messages, eq(messages.sourceId, "burst-1"))).toBe(1);
    expect(await conversationsOf(inbox.id, "burst-contact")).toHaveLength(1);
    expect(await count(contactIdentities, eq(contactIdentities.sourceId, "burst-contact"))).toBe(1);
  });

  it("puts concurrent distinct messages from a new contact into one conversation", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ingestMessage(t.db, inbox, event("rush-contact", `rush-${i}`))));
    expect(results.every((r) => r.created)).toBe(true);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    expect(await conversationsOf(inbox.id, "rush-contact")).toHaveLength(1);
    expect(await count(messages, eq(messages.conversationId, results[0]!.conversationId))).toBe(10);
  });

  it("treats the same source id in another inbox as a different message", async () => {
    const other = await t.makeApiInbox();
    const a = await ingestMessage(t.db, inbox, event("cross-contact", "cross-1"));
    const b = await ingestMessage(t.db, other, event("cross-contact", "cross-1"));
    expect(b.created).toBe(true);
    expect(b.conversationId).not.toBe(a.conversationId);
  });

  it("links identities in different inboxes to one contact by email address, case-insensitively", async () => {
    const other = await t.makeApiInbox();
    const a = await t.incoming(inbox, { contact: "web-77", name: "Lee", email: "lee@example.com" });
    const b = await t.incoming(other, { contact: "app-91", email: "LEE@Example.com" });
    const c = await t.incoming(other, { contact: "app-92", email: "someone.else@example.com" });
    const contactOf = async (id: string) => (await t.db.select().from(conversations).where(eq(conversations.id, id)))[0]!.contactId;
    expect(b.conversationId).not.toBe(a.conversationId);
    expect(await contactOf(b.conversationId)).toBe(await contactOf(a.conversationId));
    expect(await contactOf(c.conversationId)).not.toBe(await contactOf(a.conversationId));
  });

  it("links simultaneous first messages from one email address in two inboxes to one contact", async () => {
    const [x, y] = await Promise.all([t.makeApiInbox(), t.makeApiInbox()]);
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([
        t.incoming(x!, { contact: `x-${i}`, email: `same-${i}@example.com` }),
        t.incoming(y!, { contact: `y-${i}`, email: `same-${i}@example.com` }),
      ]);
      const rows = await t.db
        .select({ contactId: conversations.contactId })
        .from(conversations)
        .where(sql`${conversations.id} in (${a.conversationId}::uuid, ${b.conversationId}::uuid)`);
      expect(new Set(rows.map((r) => r.contactId)).size, `round ${i}`).toBe(1);
    }
  });

  it("adds a second message from the same contact to the open conversation", async () => {
    const first = await ingestMessage(t.db, inbox, event("joiner", "join-1", "first"));
    const second = await ingestMessage(t.db, inbox, event("joiner", "join-2", "second"));
    expect(second.created).toBe(true);
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.messageId).not.toBe(first.messageId);
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.lastMessagePreview).toBe("second");
  });

  it("opens a new conversation when the previous one is resolved", async () => {
    const first = await ingestMessage(t.db, inbox, event("returning", "ret-1"));
    await updateConversation(t.db, admin, first.conversationId, { status: "resolved" });
    const next = await ingestMessage(t.db, inbox, event("returning", "ret-2"));
    expect(next.created).toBe(true);
    expect(next.conversationId).not.toBe(first.conversationId);
    const rows = await conversationsOf(inbox.id, "returning");
    expect(rows.map((r) => r.status).sort()).toEqual(["open", "resolved"]);
    // And a third message joins the new open one, not the resolved one.
    const third = await ingestMessage(t.db, inbox, event("returning", "ret-3"));
    expect(third.conversationId).toBe(next.conversationId);
  });

  it("reopens a snoozed or pending conversation when the contact writes again", async () => {
    const first = await ingestMessage(t.db, inbox, event("sleeper", "sleep-1"));
    await updateConversation(t.db, admin, first.conversationId, { status: "snoozed", snoozedUntil: new Date(Date.now() + 86_400_000) });
    let [conv] = await t.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.status).toBe("snoozed");
    expect(conv!.snoozedUntil).not.toBeNull();

    const again = await ingestMessage(t.db, inbox, event("sleeper", "sleep-2"));
    expect(again.conversationId).toBe(first.conversationId);
    [conv] = await t.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.status).toBe("open");
    expect(conv!.snoozedUntil).toBeNull();

    await updateConversation(t.db, admin, first.conversationId, { status: "pending" });
    await ingestMessage(t.db, inbox, event("sleeper", "sleep-3"));
    [conv] = await t.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.status).toBe("open");
  });

  it("keeps last activity monotonic when an older message arrives late", async () => {
    const now = Date.now();
    const first = await ingestMessage(t.db, inbox, { ...event("late", "late-1"), message: { sourceId: "late-1", content: "new", createdAt: new Date(now) } });
    await ingestMessage(t.db, inbox, { ...event("late", "late-0"), message: { sourceId: "late-0", content: "old", createdAt: new Date(now - 3_600_000) } });
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conv!.lastActivityAt.getTime()).toBe(now);
  });
});

describe("delivery status receipts", () => {
  it("move an outgoing message forward only, and never touch incoming messages", async () => {
    const inbox = await t.makeApiInbox();
    const admin = await t.admin();
    const { conversationId, messageId: incomingId } = await ingestMessage(t.db, inbox, event("receipts", "rcpt-in"));
    const reply = await createMessage(t.db, admin, conversationId, { content: "On it!" });
    expect(reply.status).toBe("pending");
    // No callbackUrl: delivery marks it sent and stores the provider id receipts refer to.
    await deliverMessage(t.db, reply.id, { finalAttempt: false });
    const [sent] = await t.db.select().from(messages).where(eq(messages.id, reply.id));
    expect(sent!.status).toBe("sent");
    const providerId = sent!.sourceId!;
    expect(providerId).toBeTruthy();

    const statusOf = async () => (await t.db.select({ s: messages.status }).from(messages).where(eq(messages.id, reply.id)))[0]!.s;
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: providerId, status: "read" })).toBe(true);
    expect(await statusOf()).toBe("read");
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: providerId, status: "delivered" })).toBe(false);
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: providerId, status: "sent" })).toBe(false);
    expect(await statusOf()).toBe("read");

    // Through the same entry point webhooks use.
    await ingestEvents(t.db, inbox, [{ type: "status", sourceId: providerId, status: "delivered" }]);
    expect(await statusOf()).toBe("read");

    // Unknown provider ids and incoming messages are left alone.
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: "nope", status: "read" })).toBe(false);
    expect(await applyStatus(t.db, inbox, { type: "status", sourceId: "rcpt-in", status: "read" })).toBe(false);
    const [inc] = await t.db.select().from(messages).where(eq(messages.id, incomingId));
    expect(inc!.status).toBeNull();
  });
});
