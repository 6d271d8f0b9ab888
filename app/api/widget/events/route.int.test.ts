import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { messages } from "@/db/schema";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { updateConversation } from "@/lib/conversations/update";
import { deleteInbox } from "@/lib/inboxes/delete";
import { setupTestDb } from "@/e2e/support/db";
import { STREAM_TICKET_TTL_SECONDS } from "@/lib/widget/token";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, readFrames, verified, widget } from "@/e2e/support/widget-routes";

const t = setupTestDb();

async function open(token: string, visitor: string) {
  const abort = new AbortController();
  const res = await widget.events(token, visitor, abort.signal);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const s = readFrames(res);
  await s.waitFor((f) => f.event === "ready", "ready");
  return {
    ...s,
    close: async () => {
      abort.abort();
      await s.done;
    },
  };
}

describe("GET /api/widget/events", () => {
  it("streams the visitor's own messages and agents' replies; the reply is marked sent by delivery", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const stranger = await anonymous(inbox.websiteToken);
    // Opened before the visitor's first message: the stream must learn the new conversation.
    const s = await open(inbox.websiteToken, visitor);
    try {
      const sent = await json(await widget.send(inbox.websiteToken, visitor, message("Question from tab 1")));
      await s.waitFor((f) => f.event === "message.created" && f.data.id === sent.id, "the visitor's own message");
      expect(s.frames.find((f) => f.data?.id === sent.id)!.data).toMatchObject({ kind: "incoming", content: "Question from tab 1" });

      await widget.send(inbox.websiteToken, stranger, message("A stranger's message"));
      const [row] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
      const admin = await t.admin();
      await createMessage(t.db, admin, row!.conversationId, { content: "Private: check their plan", private: true });
      await updateConversation(t.db, admin, row!.conversationId, { priority: "urgent" });
      const reply = await createMessage(t.db, admin, row!.conversationId, { content: "Hi! How can I help?" });

      const created = await s.waitFor((f) => f.event === "message.created" && f.data.id === reply.id, "the agent's reply");
      expect(created.data).toEqual({
        id: reply.id,
        kind: "outgoing",
        content: "Hi! How can I help?",
        attachments: [],
        createdAt: reply.createdAt,
        sender: { name: admin.name },
        status: "pending",
      });

      await deliverMessage(t.db, reply.id, { finalAttempt: false });
      const updated = await s.waitFor((f) => f.event === "message.updated" && f.data.id === reply.id, "the reply's status");
      expect(updated.data.status).toBe("sent");
      const [stored] = await t.db.select().from(messages).where(eq(messages.id, reply.id));
      expect(stored).toMatchObject({ status: "sent", sourceId: `konversio:${reply.id}` });

      // Events are handled in order: everything before the reply has been decided.
      const all = JSON.stringify(s.frames);
      expect(all).not.toMatch(/Private: check|stranger|urgent/);
      expect(s.frames.filter((f) => f.event.startsWith("message.")).map((f) => f.data.id)).toEqual([sent.id, reply.id, reply.id]);
    } finally {
      await s.close();
    }
    expect(s.isClosed()).toBe(true);
  });

  it("never streams another inbox's events, and refuses tokens of other inboxes or forged ones (404 for the ticket)", async () => {
    const a = await makeWebsiteInbox(t);
    const b = await makeWebsiteInbox(t);
    const visitorA = await anonymous(a.websiteToken);
    const visitorB = await anonymous(b.websiteToken);
    expect((await widget.events(b.websiteToken, visitorA, new AbortController().signal)).status).toBe(404);
    expect((await widget.events(a.websiteToken, "forged.token", new AbortController().signal)).status).toBe(404);

    const s = await open(a.websiteToken, visitorA);
    try {
      await widget.send(b.websiteToken, visitorB, message("in B"));
      const mine = await json(await widget.send(a.websiteToken, visitorA, message("in A")));
      await s.waitFor((f) => f.data?.id === mine.id, "A's message");
      expect(JSON.stringify(s.frames)).not.toContain("in B");
    } finally {
      await s.close();
    }
  });

  it("closes when the inbox is deleted", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const s = await open(inbox.websiteToken, visitor);
    await deleteInbox(t.db, await t.admin(), inbox.id);
    const deadline = Date.now() + 10_000;
    while (!s.isClosed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.isClosed()).toBe(true);
  });
});

async function ticketFor(token: string, visitor: string): Promise<string> {
  const res = await widget.ticket(token, visitor);
  expect(res.status).toBe(200);
  return (await json(res)).ticket;
}

/** Opens the stream with this query; the status and error code when it is refused. */
async function refusal(token: string, query: Record<string, string>, o: { visitor?: string } = {}) {
  const res = await widget.stream(token, query, new AbortController().signal, o);
  const body = res.status === 200 ? null : await json(res);
  if (res.status === 200) await res.body?.cancel();
  return { status: res.status, code: body?.error?.code };
}

describe("stream tickets (POST /api/widget/stream-ticket, GET /api/widget/events?ticket=)", () => {
  it("issues a short-lived ticket for the visitor of the X-Konversio-Visitor header, never for anyone else", async () => {
    const inbox = await makeWebsiteInbox(t);
    const other = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const res = await widget.ticket(inbox.websiteToken, visitor);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await json(res);
    expect(body).toEqual({ ticket: expect.any(String), expiresIn: STREAM_TICKET_TTL_SECONDS });
    expect(STREAM_TICKET_TTL_SECONDS).toBeLessThanOrEqual(60);
    expect(body.ticket).not.toBe(visitor);

    expect((await widget.ticket(inbox.websiteToken, undefined)).status).toBe(401);
    expect((await widget.ticket(inbox.websiteToken, "forged.token")).status).toBe(404);
    expect((await widget.ticket(other.websiteToken, visitor)).status).toBe(404);
    // A ticket is not a visitor token: it gets no ticket, and no history.
    expect((await widget.ticket(inbox.websiteToken, body.ticket)).status).toBe(404);
    expect((await widget.list(inbox.websiteToken, body.ticket)).status).toBe(404);
    // Same origin rules as every widget endpoint.
    const locked = await makeWebsiteInbox(t, { allowedDomains: ["shop.example.com"] });
    const lockedVisitor = (await json(await widget.session(locked.websiteToken, { host: "https://shop.example.com" }))).visitorToken;
    expect((await widget.ticket(locked.websiteToken, lockedVisitor, { origin: "https://evil.com" })).status).toBe(403);
    const allowed = await widget.ticket(locked.websiteToken, lockedVisitor, { origin: "https://shop.example.com" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
  });

  it("opens the stream only with a valid ticket of this inbox: expired, tampered, a visitor token or another inbox's → 401", async () => {
    const a = await makeWebsiteInbox(t);
    const b = await makeWebsiteInbox(t);
    const visitor = await anonymous(a.websiteToken);
    const visitorB = await anonymous(b.websiteToken);
    const ticket = await ticketFor(a.websiteToken, visitor);

    expect(await refusal(a.websiteToken, { ticket })).toEqual({ status: 200, code: undefined });
    const flipped = ticket.slice(0, -1) + (ticket.endsWith("A") ? "B" : "A");
    expect(await refusal(a.websiteToken, { ticket: flipped })).toEqual({ status: 401, code: "unauthorized" });
    expect(await refusal(a.websiteToken, { ticket: "" })).toEqual({ status: 401, code: "unauthorized" });
    expect(await refusal(a.websiteToken, { ticket: visitor })).toEqual({ status: 401, code: "unauthorized" });
    expect(await refusal(b.websiteToken, { ticket })).toEqual({ status: 401, code: "unauthorized" });
    expect(await refusal(a.websiteToken, { ticket: await ticketFor(b.websiteToken, visitorB) })).toEqual({ status: 401, code: "unauthorized" });
    // The visitor token in the query string is no longer a way in.
    expect(await refusal(a.websiteToken, { visitor })).toEqual({ status: 401, code: "unauthorized" });

    const unused = await ticketFor(a.websiteToken, visitor);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (STREAM_TICKET_TTL_SECONDS + 2) * 1000 });
    try {
      expect(await refusal(a.websiteToken, { ticket: unused })).toEqual({ status: 401, code: "unauthorized" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("a ticket opens one stream only, and shows nothing of the visitor to whoever reads the URL", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await verified(inbox, "maya@example.com");
    const ticket = await ticketFor(inbox.websiteToken, visitor);
    expect(Buffer.from(ticket, "base64url").toString("latin1")).not.toMatch(/maya|user:|example\.com/);
    expect(await refusal(inbox.websiteToken, { ticket })).toEqual({ status: 200, code: undefined });
    // Copied from an access log: refused, though it has not expired.
    const again = await widget.stream(inbox.websiteToken, { ticket }, new AbortController().signal);
    expect(again.status).toBe(401);
    expect((await json(again)).error.message).toBe("This stream ticket was already used: request a new one");
    // The widget asks for a new ticket for each connection.
    expect(await refusal(inbox.websiteToken, { ticket: await ticketFor(inbox.websiteToken, visitor) })).toEqual({ status: 200, code: undefined });
  });

  it("a verified visitor's ticket names the same identity; once open, the stream outlives its ticket", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await verified(inbox, "ticket-user-1");
    const abort = new AbortController();
    const ticket = await ticketFor(inbox.websiteToken, visitor);
    const res = await widget.stream(inbox.websiteToken, { ticket }, abort.signal);
    expect(res.status).toBe(200);
    const s = readFrames(res);
    try {
      await s.waitFor((f) => f.event === "ready", "ready");
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5 * 60_000 });
      try {
        expect(await refusal(inbox.websiteToken, { ticket })).toEqual({ status: 401, code: "unauthorized" });
        const sent = await json(await widget.send(inbox.websiteToken, visitor, message("After the ticket expired")));
        await s.waitFor((f) => f.event === "message.created" && f.data.id === sent.id, "a message after the ticket's expiry");
      } finally {
        vi.useRealTimers();
      }
      expect(s.isClosed()).toBe(false);
    } finally {
      abort.abort();
      await s.done;
    }
  });

  it("a ticket of a deleted inbox opens nothing (410)", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const ticket = await ticketFor(inbox.websiteToken, visitor);
    await deleteInbox(t.db, await t.admin(), inbox.id);
    expect(await refusal(inbox.websiteToken, { ticket })).toEqual({ status: 410, code: "gone" });
    expect((await widget.ticket(inbox.websiteToken, visitor)).status).toBe(410);
  });
});
