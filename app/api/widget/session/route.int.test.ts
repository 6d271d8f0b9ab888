import { afterEach, describe, expect, it } from "vitest";
import { deleteInbox } from "@/lib/inboxes/delete";
import { regenerateInboxValue } from "@/lib/inboxes/update";
import { setupTestDb } from "@/e2e/support/db";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, verified, widget } from "@/e2e/support/widget-routes";
import { identifierHashFor, NEW_SESSION_LIMIT } from "@/lib/widget/session";
import { issueVisitorToken, readVisitorToken } from "@/lib/widget/token";

const t = setupTestDb();

describe("GET /api/widget/config", () => {
  it("describes the widget, with defaults, and answers 404 for unknown tokens and other channels", async () => {
    const inbox = await makeWebsiteInbox(t, { widgetColor: "#0A7A55", welcomeTitle: "Hello!", replyTime: "day" }, { name: "Acme" });
    const res = await widget.config(inbox.websiteToken);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      name: "Acme",
      widgetColor: "#0a7a55",
      welcomeTitle: "Hello!",
      welcomeTagline: "We usually reply in a few minutes.",
      replyTime: "day",
      away: null,
      requireIdentity: false,
      position: "right",
      preChatEmail: false,
    });
    const api = await t.makeApiInbox();
    for (const token of [null, "", "nope", "x".repeat(500), api.inboxIdentifier]) {
      const r = await widget.config(token);
      expect(r.status, String(token)).toBe(404);
      expect(await json(r)).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("answers any Origin without allowed domains; with a list only listed hosts and subdomains (CORS), others 403", async () => {
    const open = await makeWebsiteInbox(t);
    const anyRes = await widget.config(open.websiteToken, { origin: "https://whatever.test" });
    expect(anyRes.status).toBe(200);
    expect(anyRes.headers.get("access-control-allow-origin")).toBe("https://whatever.test");

    const locked = await makeWebsiteInbox(t, { allowedDomains: ["example.com"] });
    for (const origin of ["https://example.com", "http://shop.example.com:8080", "https://a.b.example.com"]) {
      const r = await widget.config(locked.websiteToken, { origin });
      expect(r.status, origin).toBe(200);
      expect(r.headers.get("access-control-allow-origin")).toBe(origin);
    }
    for (const origin of ["https://evil.com", "https://example.com.evil.com", "https://notexample.com", "null"]) {
      const r = await widget.config(locked.websiteToken, { origin });
      expect(r.status, origin).toBe(403);
      expect(r.headers.get("access-control-allow-origin")).toBeNull();
      expect(await json(r)).toMatchObject({ error: { code: "forbidden" } });
    }
    // The chat iframe is served by the app itself, and same-origin requests carry no CORS at all.
    expect((await widget.config(locked.websiteToken, { origin: "http://localhost:3999" })).status).toBe(200);
    expect((await widget.config(locked.websiteToken)).status).toBe(200);

    const pre = await widget.preflight(locked.websiteToken, { origin: "https://shop.example.com" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(pre.headers.get("access-control-allow-headers")).toContain("x-konversio-visitor");
    expect((await widget.preflight(locked.websiteToken, { origin: "https://evil.com" })).status).toBe(403);
  });

  it("a deleted inbox answers 410 everywhere, and its visitors are gone", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    expect((await widget.send(inbox.websiteToken, visitor, message("before"))).status).toBe(201);
    await deleteInbox(t.db, await t.admin(), inbox.id);
    const responses = [
      await widget.config(inbox.websiteToken),
      await widget.session(inbox.websiteToken, { visitorToken: visitor }),
      await widget.list(inbox.websiteToken, visitor),
      await widget.send(inbox.websiteToken, visitor, message("after")),
      await widget.events(inbox.websiteToken, visitor, new AbortController().signal),
    ];
    for (const r of responses) {
      expect(r.status).toBe(410);
      expect(await json(r)).toMatchObject({ error: { code: "gone" } });
    }
  });
});

describe("POST /api/widget/session", () => {
  it("starts an anonymous visitor and resumes it from its token", async () => {
    const inbox = await makeWebsiteInbox(t);
    const first = await json(await widget.session(inbox.websiteToken));
    expect(first).toEqual({ visitorToken: expect.any(String), visitor: { name: null, email: null, verified: false }, hasConversation: false });
    expect(readVisitorToken(first.visitorToken)?.s).toMatch(/^visitor:/);

    expect((await widget.send(inbox.websiteToken, first.visitorToken, message("hi"))).status).toBe(201);
    const again = await json(await widget.session(inbox.websiteToken, { visitorToken: first.visitorToken }));
    expect(readVisitorToken(again.visitorToken)?.s).toBe(readVisitorToken(first.visitorToken)?.s);
    expect(again.hasConversation).toBe(true);

    // Garbage, forged or foreign tokens are not errors here: they start a new visitor.
    const other = await makeWebsiteInbox(t);
    const foreign = await anonymous(other.websiteToken);
    for (const visitorToken of ["garbage", first.visitorToken + "x", foreign]) {
      const r = await json(await widget.session(inbox.websiteToken, { visitorToken }));
      expect(readVisitorToken(r.visitorToken)?.s).not.toBe(readVisitorToken(first.visitorToken)?.s);
      expect(r.hasConversation).toBe(false);
    }
  });

  it("rejects bodies that are not JSON, the wrong shape, or too large with 400 — never 500", async () => {
    const inbox = await makeWebsiteInbox(t);
    const bad = ["{nope", JSON.stringify({ user: { identifier: "" } }), JSON.stringify({ user: { identifier: "u", email: "not-an-email" } }), JSON.stringify({ host: "h".repeat(40_000) })];
    for (const body of bad) {
      const r = await widget.session(inbox.websiteToken, body);
      expect(r.status, body.slice(0, 40)).toBe(400);
      expect(await json(r)).toMatchObject({ error: { code: "validation" } });
    }
  });

  it("verifies identity: a valid identifierHash gives the same identity on every device, a wrong one is 401", async () => {
    const inbox = await makeWebsiteInbox(t);
    const laptop = await verified(inbox, "user-42", { name: "Vera", email: "vera@example.com" });
    expect(readVisitorToken(laptop)?.s).toBe("user:user-42");
    expect((await widget.send(inbox.websiteToken, laptop, message("from my laptop"))).status).toBe(201);

    // A second device: a fresh session, no token, the same identifier and hash.
    const phoneRes = await json(
      await widget.session(inbox.websiteToken, { user: { identifier: "user-42", identifierHash: identifierHashFor(inbox.hmacToken, "user-42") } }),
    );
    expect(phoneRes.visitor).toEqual({ name: "Vera", email: "vera@example.com", verified: true });
    expect(phoneRes.hasConversation).toBe(true);
    const history = await json(await widget.list(inbox.websiteToken, phoneRes.visitorToken));
    expect(history.data.map((m: { content: string }) => m.content)).toEqual(["from my laptop"]);

    for (const identifierHash of ["0".repeat(64), identifierHashFor(inbox.hmacToken, "user-43"), identifierHashFor("another-inbox-token", "user-42"), "zz"]) {
      const r = await widget.session(inbox.websiteToken, { user: { identifier: "user-42", identifierHash } });
      expect(r.status).toBe(401);
      expect(await json(r)).toEqual({ error: { code: "unauthorized", message: "Identity verification failed" } });
    }
    // Upper-case hex is the same hash.
    expect((await widget.session(inbox.websiteToken, { user: { identifier: "user-42", identifierHash: identifierHashFor(inbox.hmacToken, "user-42").toUpperCase() } })).status).toBe(200);
  });

  it("setUser without a hash only names the anonymous visitor: it never reaches the user's history", async () => {
    const inbox = await makeWebsiteInbox(t);
    const real = await verified(inbox, "victim");
    await widget.send(inbox.websiteToken, real, message("my secret order number"));

    const impostor = await json(await widget.session(inbox.websiteToken, { user: { identifier: "victim", name: "Mallory", email: "m@example.com" } }));
    expect(impostor.visitor).toEqual({ name: "Mallory", email: "m@example.com", verified: false });
    expect(readVisitorToken(impostor.visitorToken)?.s).toMatch(/^visitor:/);
    expect((await json(await widget.list(inbox.websiteToken, impostor.visitorToken))).data).toEqual([]);

    // A token claiming the user's identity without our signature is forged: 404.
    const forged = issueVisitorToken({ i: inbox.id, s: "user:victim" });
    expect((await widget.list(inbox.websiteToken, forged)).status).toBe(404);
  });

  it("regenerating the HMAC token signs verified visitors out", async () => {
    const inbox = await makeWebsiteInbox(t);
    const token = await verified(inbox, "rotating-user");
    expect((await widget.list(inbox.websiteToken, token)).status).toBe(200);
    const { hmacToken } = await regenerateInboxValue(t.db, await t.admin(), inbox.id, "hmacToken");
    expect((await widget.list(inbox.websiteToken, token)).status).toBe(404);
    expect(await verified({ ...inbox, hmacToken: String(hmacToken) }, "rotating-user")).toEqual(expect.any(String));
  });

  it("with allowed domains, the host page must be listed (403 otherwise)", async () => {
    const inbox = await makeWebsiteInbox(t, { allowedDomains: "example.com" });
    expect((await widget.session(inbox.websiteToken, { host: "https://www.example.com" })).status).toBe(200);
    expect((await widget.session(inbox.websiteToken, { host: "example.com" })).status).toBe(200);
    for (const body of [{ host: "https://evil.example.org" }, { host: "example.com.evil.org" }, {}]) {
      const r = await widget.session(inbox.websiteToken, body);
      expect(r.status, JSON.stringify(body)).toBe(403);
      expect(await json(r)).toMatchObject({ error: { code: "forbidden" } });
    }
    // Called from the host page itself, the Origin is the host.
    expect((await widget.session(inbox.websiteToken, {}, { origin: "https://example.com" })).status).toBe(200);
    expect((await widget.session(inbox.websiteToken, { host: "example.com" }, { origin: "https://evil.org" })).status).toBe(403);
  });

  describe("per-address limit on new visitors", () => {
    const proxies = process.env.KONVERSIO_TRUSTED_PROXIES;
    afterEach(() => {
      if (proxies === undefined) delete process.env.KONVERSIO_TRUSTED_PROXIES;
      else process.env.KONVERSIO_TRUSTED_PROXIES = proxies;
    });
    const from = (ip: string) => ({ headers: { "x-forwarded-for": `${ip}, 10.0.0.1` } });

    it(`allows ${NEW_SESSION_LIMIT.max} new visitors per address and inbox in ${NEW_SESSION_LIMIT.windowSeconds / 60} minutes, then 429 with Retry-After`, async () => {
      process.env.KONVERSIO_TRUSTED_PROXIES = "2";
      const inbox = await makeWebsiteInbox(t);
      let last = "";
      for (let i = 0; i < NEW_SESSION_LIMIT.max; i++) {
        const r = await widget.session(inbox.websiteToken, {}, from("203.0.113.7"));
        expect(r.status, `session ${i + 1}`).toBe(200);
        last = (await json(r)).visitorToken;
      }
      const refused = await widget.session(inbox.websiteToken, {}, from("203.0.113.7"));
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get("retry-after"));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(NEW_SESSION_LIMIT.windowSeconds);
      expect(await json(refused)).toEqual({
        error: { code: "rate_limited", message: expect.stringMatching(/^Too many new chats were started from your network\. Please try again in 10 minutes\.$/) },
      });
      // A valid verified login is a new visitor too.
      expect((await widget.session(inbox.websiteToken, { user: { identifier: "u1", identifierHash: identifierHashFor(inbox.hmacToken, "u1") } }, from("203.0.113.7"))).status).toBe(429);

      // Visitors who already have a token keep chatting; other addresses and other inboxes are unaffected.
      expect((await widget.session(inbox.websiteToken, { visitorToken: last }, from("203.0.113.7"))).status).toBe(200);
      expect((await widget.session(inbox.websiteToken, {}, from("198.51.100.4"))).status).toBe(200);
      const other = await makeWebsiteInbox(t);
      expect((await widget.session(other.websiteToken, {}, from("203.0.113.7"))).status).toBe(200);
      // The counted entry is the one the trusted proxies saw: an invented left-most hop does not escape.
      expect((await widget.session(inbox.websiteToken, {}, { headers: { "x-forwarded-for": "1.2.3.4, 203.0.113.7, 10.0.0.1" } })).status).toBe(429);
    });

    it("does not count failed verifications, and does not limit when no proxy is trusted (every caller would share one bucket)", async () => {
      process.env.KONVERSIO_TRUSTED_PROXIES = "1";
      const inbox = await makeWebsiteInbox(t);
      for (let i = 0; i < NEW_SESSION_LIMIT.max + 5; i++) {
        const r = await widget.session(inbox.websiteToken, { user: { identifier: "u", identifierHash: "0".repeat(64) } }, from("192.0.2.1"));
        expect(r.status).toBe(401);
      }
      expect((await widget.session(inbox.websiteToken, {}, { headers: { "x-forwarded-for": "192.0.2.1" } })).status).toBe(200);

      delete process.env.KONVERSIO_TRUSTED_PROXIES;
      for (let i = 0; i < NEW_SESSION_LIMIT.max + 5; i++) {
        expect((await widget.session(inbox.websiteToken, {}, from("192.0.2.2"))).status).toBe(200);
      }
    });
  });
});
