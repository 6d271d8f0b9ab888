import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { conversations, messages } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { buildMail, newMessageId } from "@/e2e/support/mail";
import { setupMailServers } from "@/e2e/support/mail-servers";
import { emailInboxes } from "@/e2e/support/email-inboxes";
import { regeneratePersonalToken } from "@/lib/auth/tokens";
import { GET } from "./route";

/* What the composer is told about an email conversation: its headers and whom the next reply goes to. Real mail through Dovecot and an SMTP sink. */

// next-auth does not load outside Next; the route's requests carry bearer tokens.
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null }));

const t = setupTestDb();
const servers = setupMailServers("replyroute", 2);

const { makeInbox, receive, conversationOf, reply } = emailInboxes(t, servers);

describe("GET /api/v1/conversations/:id/email", () => {
  it("returns the headers and whom the next reply goes to, computed like the send", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    await receive(
      inbox,
      buildMail({ from: "Maya <maya@customer.test>", to: `Support <${inbox.address.toUpperCase()}>`, headers: { Cc: "Anna Berg <anna@customer.test>, ben@partner.test" }, messageId: original }),
    );
    const conversationId = await conversationOf(original);
    const [conv] = await t.db.select().from(conversations).where(eq(conversations.id, conversationId));
    const token = await regeneratePersonalToken(t.db, (await t.admin()).id);
    const get = async (ref: string, bearer?: string) => {
      const res = await GET(new Request(`http://localhost/api/v1/conversations/${ref}/email`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : undefined }), {
        params: Promise.resolve({ id: ref }),
      });
      return { status: res.status, body: await res.json() };
    };

    const res = await get(String(conv!.number), token);
    expect(res.status).toBe(200);
    expect(res.body.replyRecipients).toEqual({
      to: [{ address: "maya@customer.test" }],
      cc: [{ address: "anna@customer.test", name: "Anna Berg" }, { address: "ben@partner.test" }],
      omitted: 0,
    });
    const [incoming] = await t.db.select().from(messages).where(eq(messages.sourceId, original));
    expect(res.body.data[incoming!.id]).toMatchObject({ from: { address: "maya@customer.test", name: "Maya" }, cc: [{ address: "anna@customer.test" }, { address: "ben@partner.test" }] });

    // What the composer showed is what goes out.
    const { mail } = await reply(conversationId, "Hello all.");
    expect(mail.envelope.to).toEqual([res.body.replyRecipients.to[0].address, ...res.body.replyRecipients.cc.map((a: { address: string }) => a.address)]);

    // Someone who cannot see the conversation learns nothing.
    const outsider = await t.makeAgent();
    expect(await get(String(conv!.number), await regeneratePersonalToken(t.db, outsider.id))).toMatchObject({ status: 404 });
  });

  it("caps the copies and says how many were left out", async () => {
    const inbox = await makeInbox();
    const original = newMessageId();
    const many = Array.from({ length: 25 }, (_, i) => `p${i}@crowd.test`).join(", ");
    await receive(inbox, buildMail({ from: "maya@customer.test", to: inbox.address, headers: { Cc: many }, messageId: original }));
    const conversationId = await conversationOf(original);
    const token = await regeneratePersonalToken(t.db, (await t.admin()).id);
    const res = await GET(new Request(`http://localhost/api/v1/conversations/${conversationId}/email`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ id: conversationId }),
    });
    const body = await res.json();
    expect(body.replyRecipients.cc).toHaveLength(20);
    expect(body.replyRecipients.cc[0]).toEqual({ address: "p0@crowd.test" });
    expect(body.replyRecipients.omitted).toBe(5);
    const { mail } = await reply(conversationId, "Hello crowd.");
    expect(mail.envelope.to).toHaveLength(21);
  });
});
