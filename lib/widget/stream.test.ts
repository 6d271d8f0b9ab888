import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages } from "@/db/schema";
import { deliverMessage } from "@/lib/conversations/delivery";
import { createMessage } from "@/lib/conversations/reply";
import { updateConversation } from "@/lib/conversations/update";
import { deleteInbox } from "@/lib/inboxes/delete";
import { useTestDb } from "@/lib/test/db";
import { anonymous, json, makeWebsiteInbox, message, readFrames, widget } from "./testing";

const t = useTestDb();

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

  it("never streams another inbox's events, and refuses tokens of other inboxes or forged ones (404)", async () => {
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
