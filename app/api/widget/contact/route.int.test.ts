import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contactIdentities, contacts, conversations, messages } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { VISITOR_CONTACT_LIMIT } from "@/lib/widget/contact";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, verified, widget } from "@/e2e/support/widget-routes";
import { readVisitorToken } from "@/lib/widget/token";

const t = setupTestDb();

/** The contact behind a visitor token's identity in `inboxId`, or undefined before it exists. */
async function contactOf(inboxId: string, visitorToken: string) {
  const sourceId = readVisitorToken(visitorToken)!.s;
  const [row] = await t.db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(and(eq(contactIdentities.inboxId, inboxId), eq(contactIdentities.sourceId, sourceId)));
  return row;
}

describe("POST /api/widget/contact (pre-chat form)", () => {
  it("stores name and email on a new visitor's own contact; the new token carries them and the first message joins that contact", async () => {
    const inbox = await makeWebsiteInbox(t, { preChatEmail: true });
    expect(await json(await widget.config(inbox.websiteToken))).toMatchObject({ preChatEmail: true });
    const visitor = await anonymous(inbox.websiteToken);
    expect(await contactOf(inbox.id, visitor)).toBeUndefined();

    const res = await widget.contact(inbox.websiteToken, visitor, { name: "  Pia Prechat ", email: " pia@example.com " });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({ visitorToken: expect.any(String), visitor: { name: "Pia Prechat", email: "pia@example.com", verified: false } });
    expect(readVisitorToken(body.visitorToken)?.s).toBe(readVisitorToken(visitor)?.s);
    const stored = await contactOf(inbox.id, visitor);
    expect(stored).toMatchObject({ name: "Pia Prechat", email: "pia@example.com" });

    // After a reload the session says the form was filled in (the widget then skips it).
    const resumed = await json(await widget.session(inbox.websiteToken, { visitorToken: body.visitorToken }));
    expect(resumed.visitor).toEqual({ name: "Pia Prechat", email: "pia@example.com", verified: false });

    const sent = await json(await widget.send(inbox.websiteToken, body.visitorToken, message("Hello after the form")));
    const [row] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(row!.senderContactId).toBe(stored!.id);
  });

  it("never links the visitor to an existing contact with that address, and never overwrites what is known", async () => {
    const inbox = await makeWebsiteInbox(t);
    const customer = await verified(inbox, "cust-1", { name: "Real Customer", email: "real@example.com" });
    await widget.send(inbox.websiteToken, customer, message("my private order"));
    const real = await contactOf(inbox.id, customer);

    const impostor = await anonymous(inbox.websiteToken);
    expect((await widget.contact(inbox.websiteToken, impostor, { email: "real@example.com" })).status).toBe(200);
    const theirs = await contactOf(inbox.id, impostor);
    expect(theirs!.id).not.toBe(real!.id);
    expect((await json(await widget.list(inbox.websiteToken, impostor))).data).toEqual([]);

    // A visitor who already wrote (contact named by setUser) keeps that name; the blank email is filled in.
    const named = (await json(await widget.session(inbox.websiteToken, { user: { identifier: "n", name: "Nina" } }))).visitorToken;
    await widget.send(inbox.websiteToken, named, message("hi"));
    expect((await widget.contact(inbox.websiteToken, named, { name: "Someone Else", email: "nina@example.com" })).status).toBe(200);
    expect(await contactOf(inbox.id, named)).toMatchObject({ name: "Nina", email: "nina@example.com" });
    // Name is optional.
    const quiet = await anonymous(inbox.websiteToken);
    const q = await json(await widget.contact(inbox.websiteToken, quiet, { email: "q@example.com" }));
    expect(q.visitor).toEqual({ name: null, email: "q@example.com", verified: false });
    expect(await contactOf(inbox.id, quiet)).toMatchObject({ name: null, email: "q@example.com" });
  });

  it("a typed address never captures the real owner's later messages in other inboxes", async () => {
    const site = await makeWebsiteInbox(t);
    const impostor = await anonymous(site.websiteToken);
    expect((await widget.contact(site.websiteToken, impostor, { name: "Impostor", email: "victim@corp.test" })).status).toBe(200);
    const typed = await contactOf(site.id, impostor);
    const [row] = await t.db.select({ emailVerified: contacts.emailVerified }).from(contacts).where(eq(contacts.id, typed!.id));
    expect(row!.emailVerified).toBe(false);

    // The real owner writes through a channel that proves the address (email, API, a verified widget user).
    const api = await t.makeApiInbox();
    const { conversationId } = await t.incoming(api, { contact: "victim-1", email: "victim@corp.test", name: "Real Victim" });
    const [conv] = await t.db.select({ contactId: conversations.contactId }).from(conversations).where(eq(conversations.id, conversationId));
    expect(conv!.contactId).not.toBe(typed!.id);
  });

  it("validates with field messages, and needs a genuine visitor token", async () => {
    const inbox = await makeWebsiteInbox(t, { preChatEmail: true });
    const visitor = await anonymous(inbox.websiteToken);
    const cases: [unknown, string][] = [
      [{}, "email"],
      [{ email: "" }, "email"],
      [{ email: "not-an-email" }, "email"],
      [{ email: "a@b.co", name: "x".repeat(256) }, "name"],
      [{ email: 42 }, "email"],
      ["{broken", "_"],
    ];
    for (const [body, field] of cases) {
      const r = await widget.contact(inbox.websiteToken, visitor, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const err = (await json(r)).error;
      expect(err.code).toBe("validation");
      if (field !== "_") expect(Object.keys(err.fields), JSON.stringify(body)).toEqual([field]);
    }
    expect((await json(await widget.contact(inbox.websiteToken, visitor, { email: "bad" }))).error.fields.email).toEqual([
      "Enter a valid email address, like name@example.com",
    ]);
    expect(await contactOf(inbox.id, visitor)).toBeUndefined();
    expect((await widget.contact(inbox.websiteToken, undefined, { email: "a@b.co" })).status).toBe(401);
    expect((await widget.contact(inbox.websiteToken, "forged", { email: "a@b.co" })).status).toBe(404);
    const other = await makeWebsiteInbox(t);
    expect((await widget.contact(other.websiteToken, visitor, { email: "a@b.co" })).status).toBe(404);
  });

  it("is refused (403) for unverified visitors when the inbox requires identity, and rate-limited per visitor", async () => {
    const locked = await makeWebsiteInbox(t, { requireIdentity: true });
    expect((await widget.contact(locked.websiteToken, await anonymous(locked.websiteToken), { email: "a@b.co" })).status).toBe(403);
    expect((await widget.contact(locked.websiteToken, await verified(locked, "v-1"), { email: "v@b.co" })).status).toBe(200);

    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    for (let i = 0; i < VISITOR_CONTACT_LIMIT.max; i++) {
      expect((await widget.contact(inbox.websiteToken, visitor, { email: `try${i}@example.com` })).status).toBe(200);
    }
    const limited = await widget.contact(inbox.websiteToken, visitor, { email: "again@example.com" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another visitor is not affected.
    expect((await widget.contact(inbox.websiteToken, await anonymous(inbox.websiteToken), { email: "b@example.com" })).status).toBe(200);
  });
});
