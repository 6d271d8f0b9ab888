import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, messages, rateLimits } from "@/db/schema";
import { listMessages } from "@/lib/conversations/messages";
import { createMessage } from "@/lib/conversations/reply";
import { updateConversation } from "@/lib/conversations/update";
import { setupTestDb } from "@/e2e/support/db";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, verified, widget } from "@/e2e/support/widget-routes";
import { VISITOR_MESSAGE_LIMIT } from "@/lib/widget/messages";

const t = setupTestDb();

describe("visitor messages", () => {
  it("stores a visitor message through ingestion; a repeated clientId returns the same message (200)", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const body = message("Hello, is anyone there?");
    const first = await widget.send(inbox.websiteToken, visitor, body);
    expect(first.status).toBe(201);
    const created = await json(first);
    expect(created).toEqual({
      id: expect.any(String),
      kind: "incoming",
      content: "Hello, is anyone there?",
      attachments: [],
      createdAt: expect.any(String),
      sender: null,
      status: null,
    });
    const again = await widget.send(inbox.websiteToken, visitor, body);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual(created);
    const rows = await t.db.select().from(messages).where(eq(messages.sourceId, `widget:${body.clientId}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.inboxId).toBe(inbox.id);

    // Another visitor replaying that clientId learns nothing about the message.
    const other = await anonymous(inbox.websiteToken);
    const replay = await widget.send(inbox.websiteToken, other, { ...body, content: "mine now" });
    expect(replay.status).toBe(409);
    expect(JSON.stringify(await json(replay))).not.toContain("anyone there");
  });

  it("validates input: 400 for empty, oversized, non-uuid clientId or broken JSON; 401/404 for missing or bad visitor tokens", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const bad = [message(""), message("   \n "), message("x".repeat(5001)), { content: "hi", clientId: "abc" }, { content: 42, clientId: randomUUID() }, "{"];
    for (const body of bad) {
      const r = await widget.send(inbox.websiteToken, visitor, body);
      expect(r.status, JSON.stringify(body).slice(0, 50)).toBe(400);
    }
    expect((await widget.send(inbox.websiteToken, visitor, message("x".repeat(5000)))).status).toBe(201);
    expect((await widget.send(inbox.websiteToken, undefined, message("no token"))).status).toBe(401);
    for (const token of ["forged", visitor.slice(0, -2) + "AA", visitor + ".extra"]) {
      expect((await widget.send(inbox.websiteToken, token, message("bad"))).status).toBe(404);
      expect((await widget.list(inbox.websiteToken, token)).status).toBe(404);
    }
  });

  it("a visitor of inbox A cannot read or write through inbox B", async () => {
    const a = await makeWebsiteInbox(t);
    const b = await makeWebsiteInbox(t);
    const visitorA = await anonymous(a.websiteToken);
    await widget.send(a.websiteToken, visitorA, message("only for A"));
    expect((await widget.list(b.websiteToken, visitorA)).status).toBe(404);
    expect((await widget.send(b.websiteToken, visitorA, message("into B"))).status).toBe(404);
    // The same verified identifier in two inboxes is two separate identities.
    const verifiedA = await verified(a, "shared-user");
    await widget.send(a.websiteToken, verifiedA, message("A's history"));
    const verifiedB = await verified(b, "shared-user");
    expect((await json(await widget.list(b.websiteToken, verifiedB))).data).toEqual([]);
    expect((await widget.list(b.websiteToken, verifiedA)).status).toBe(404);
  });

  it("the visitor sees agents' replies but never private notes or activity lines, oldest first", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const sent = await json(await widget.send(inbox.websiteToken, visitor, message("I need help")));
    const [row] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    const admin = await t.admin();
    await createMessage(t.db, admin, row!.conversationId, { content: "Internal: VIP customer", private: true });
    await updateConversation(t.db, admin, row!.conversationId, { priority: "high" });
    await createMessage(t.db, admin, row!.conversationId, { content: "Happy to help!" });

    // The agents' view has all four kinds; the visitor's has two.
    const agentView = await listMessages(t.db, admin, row!.conversationId);
    expect(agentView.map((m) => m.kind + (m.private ? ":private" : ""))).toEqual(["incoming", "outgoing:private", "activity", "outgoing"]);
    const visitorView = (await json(await widget.list(inbox.websiteToken, visitor))).data;
    expect(visitorView.map((m: { kind: string; content: string }) => [m.kind, m.content])).toEqual([
      ["incoming", "I need help"],
      ["outgoing", "Happy to help!"],
    ]);
    expect(visitorView[1]).toMatchObject({ sender: { name: admin.name }, status: "pending" });
    expect(JSON.stringify(visitorView)).not.toMatch(/VIP|priority/);

    // Another visitor of the same inbox sees none of it.
    expect((await json(await widget.list(inbox.websiteToken, await anonymous(inbox.websiteToken)))).data).toEqual([]);
  });

  it("keeps history across conversations: a resolved thread stays visible and a new message opens a new one", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const first = await json(await widget.send(inbox.websiteToken, visitor, message("first visit")));
    const [row] = await t.db.select().from(messages).where(eq(messages.id, first.id));
    await updateConversation(t.db, await t.admin(), row!.conversationId, { status: "resolved" });
    const second = await json(await widget.send(inbox.websiteToken, visitor, message("back again")));
    const [row2] = await t.db.select().from(messages).where(eq(messages.id, second.id));
    expect(row2!.conversationId).not.toBe(row!.conversationId);
    const contents = (await json(await widget.list(inbox.websiteToken, visitor))).data.map((m: { content: string }) => m.content);
    expect(contents).toEqual(["first visit", "back again"]);
  });

  it("refuses unverified visitors when the inbox requires identity (403); verified ones may send", async () => {
    const inbox = await makeWebsiteInbox(t, { requireIdentity: true });
    const anon = await anonymous(inbox.websiteToken);
    const refused = await widget.send(inbox.websiteToken, anon, message("let me in"));
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({ error: { code: "forbidden", message: expect.stringMatching(/^Please verify your identity/) } });
    expect(await t.db.select().from(messages).where(eq(messages.inboxId, inbox.id))).toHaveLength(0);
    const config = await json(await widget.config(inbox.websiteToken));
    expect(config.requireIdentity).toBe(true);
    const user = await verified(inbox, "member-1", { name: "Member", email: "member@example.com" });
    expect((await widget.send(inbox.websiteToken, user, message("signed in"))).status).toBe(201);
  });

  it("rate-limits each visitor (429 with Retry-After), not the whole inbox", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    for (let i = 0; i < VISITOR_MESSAGE_LIMIT.max; i++) {
      expect((await widget.send(inbox.websiteToken, visitor, message(`spam ${i}`))).status).toBe(201);
    }
    const limited = await widget.send(inbox.websiteToken, visitor, message("one more"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await json(limited)).toMatchObject({ error: { code: "rate_limited" } });
    expect((await widget.send(inbox.websiteToken, await anonymous(inbox.websiteToken), message("someone else"))).status).toBe(201);
    await t.db.delete(rateLimits).where(sql`true`);
    expect((await widget.send(inbox.websiteToken, visitor, message("after the window"))).status).toBe(201);
  });

  it("stores HTML and script payloads verbatim as text, for both the widget and the agents", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const payload = `<script>alert("xss")</script><img src=x onerror="alert(1)"> & <b>bold</b>`;
    const res = await widget.send(inbox.websiteToken, visitor, message(payload));
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const sent = await json(res);
    expect(sent.content).toBe(payload);
    expect((await json(await widget.list(inbox.websiteToken, visitor))).data[0].content).toBe(payload);
    const [row] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(row!.content).toBe(payload);
    const agentView = await listMessages(t.db, await t.admin(), row!.conversationId);
    expect(agentView[0]!.content).toBe(payload);
  });

  it("names the contact from setUser, and links email only for verified visitors", async () => {
    const inbox = await makeWebsiteInbox(t);
    const anon = await widget.session(inbox.websiteToken, { user: { identifier: "x", name: "Anna Anon", email: "anna@example.com" } });
    const anonToken = (await json(anon)).visitorToken;
    const a = await json(await widget.send(inbox.websiteToken, anonToken, message("hi")));
    const user = await verified(inbox, "ver-1", { name: "Victor Verified", email: "victor@example.com" });
    const v = await json(await widget.send(inbox.websiteToken, user, message("hello")));
    const admin = await t.admin();
    const [ra] = await t.db.select().from(messages).where(eq(messages.id, a.id));
    const [rv] = await t.db.select().from(messages).where(eq(messages.id, v.id));
    const contactOf = async (conversationId: string) => (await listMessages(t.db, admin, conversationId))[0]!.sender;
    expect(await contactOf(ra!.conversationId)).toMatchObject({ type: "contact", name: "Anna Anon" });
    expect(await contactOf(rv!.conversationId)).toMatchObject({ type: "contact", name: "Victor Verified" });
    const emailOf = async (id: string | null) => (await t.db.select().from(contacts).where(eq(contacts.id, id!)))[0]!.email;
    // Ingestion links contacts by email, so an unproven address must not be stored.
    expect(await emailOf(ra!.senderContactId)).toBeNull();
    expect(await emailOf(rv!.senderContactId)).toBe("victor@example.com");
  });
});
