import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as chatJsGet } from "@/app/widget/chat.js/route";
import { GET as pageGet } from "./route";
import { deleteInbox } from "@/lib/inboxes/delete";
import { TEST_APP_URL, setupTestDb } from "@/e2e/support/db";
import { CHAT_JS, CHAT_JS_HASH } from "@/lib/widget/client/bundle.generated";
import { contentSecurityPolicy, scriptJson } from "@/lib/widget/page-html";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";

const t = setupTestDb();

const page = (token: string, query = "") =>
  pageGet(new Request(new URL(`/widget/${encodeURIComponent(token)}${query}`, TEST_APP_URL)), { params: Promise.resolve({ token }) });

/** The JSON the page hands its script. */
const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="kw-data">([\s\S]*?)<\/script>/.exec(html)![1]!);

describe("GET /widget/<token> (the chat page)", () => {
  it("is a small static page: its config as inert JSON, one script, one hashed inline style, a strict CSP", async () => {
    const inbox = await makeWebsiteInbox(t, { widgetColor: "#0F766E", welcomeTitle: "Hello", preChatEmail: true }, { name: "Northwind" });
    const res = await page(inbox.websiteToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(dataOf(html)).toEqual({
      state: "ok",
      token: inbox.websiteToken,
      preview: false,
      config: expect.objectContaining({ name: "Northwind", welcomeTitle: "Hello", widgetColor: "#0f766e", preChatEmail: true }),
    });
    expect([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])).toEqual([`/widget/chat.js?v=${CHAT_JS_HASH}`]);
    expect(html).not.toMatch(/_next\//);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(styles[0]).toContain(":root{--b:#0f766e;--bf:#ffffff}");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`style-src 'sha256-${createHash("sha256").update(styles[0]!).digest("base64")}'`);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("frame-ancestors"); // any site may embed it when no domains are listed
    expect(Buffer.byteLength(html)).toBeLessThan(10 * 1024);
  });

  it("never lets admin-typed text become markup (title, tagline, name)", async () => {
    const evil = `</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> \u2028`;
    const inbox = await makeWebsiteInbox(t, { welcomeTitle: evil.slice(0, 120), welcomeTagline: evil }, { name: `Shop ${evil}`.slice(0, 100) });
    const html = await (await page(inbox.websiteToken)).text();
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON block and the chat script, nothing else
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<!--");
    expect(dataOf(html).config.welcomeTagline).toBe(evil.trim());
  });

  it("with allowed domains, only those sites and the app itself may frame it", async () => {
    const inbox = await makeWebsiteInbox(t, { allowedDomains: ["example.com"] });
    const csp = (await page(inbox.websiteToken)).headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'self' http://example.com:* https://example.com:* http://*.example.com:* https://*.example.com:*");
  });

  it("preview=1 is the admin's preview; deleted and unknown inboxes get a 'not available' page (410/404) without config", async () => {
    const inbox = await makeWebsiteInbox(t);
    expect(dataOf(await (await page(inbox.websiteToken, "?preview=1")).text())).toMatchObject({ state: "ok", preview: true });
    const unknown = await page("no-such-token");
    expect(unknown.status).toBe(404);
    expect(dataOf(await unknown.text())).toEqual({ state: "not_found" });
    const api = await t.makeApiInbox();
    expect((await page(String(api.inboxIdentifier))).status).toBe(404);
    await deleteInbox(t.db, await t.admin(), inbox.id);
    const gone = await page(inbox.websiteToken);
    expect(gone.status).toBe(410);
    expect(dataOf(await gone.text())).toEqual({ state: "gone" });
  });
});

describe("GET /widget/chat.js", () => {
  it("serves the bundle: cached for good under its current hash, revalidated otherwise", async () => {
    const get = (q: string) => chatJsGet(new Request(new URL(`/widget/chat.js${q}`, TEST_APP_URL)));
    const current = await get(`?v=${CHAT_JS_HASH}`);
    expect(current.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(current.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await current.text()).toBe(CHAT_JS);
    expect((await get("?v=0ld")).headers.get("cache-control")).toBe("no-cache");
    expect((await get("")).headers.get("cache-control")).toBe("no-cache");
  });
});

describe("page helpers", () => {
  it("scriptJson cannot close its script element", () => {
    const s = scriptJson({ a: "</script><!--&\u2028" });
    expect(s).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(s)).toEqual({ a: "</script><!--&\u2028" });
  });
  it("contentSecurityPolicy forbids everything it does not need", () => {
    expect(contentSecurityPolicy("abc")).toBe(
      "default-src 'none'; script-src 'self'; style-src 'sha256-abc'; img-src 'self' https: data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'",
    );
  });
});
