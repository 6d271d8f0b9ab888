import { describe, expect, it } from "vitest";
import { createInbox } from "@/lib/inboxes/create";
import { getInbox } from "@/lib/inboxes/queries";
import { regenerateInboxValue, updateInbox } from "@/lib/inboxes/update";
import { receiveWebhook } from "@/lib/channels/receive";
import { setupTestDb, TEST_APP_URL } from "@/e2e/support/db";
import { websiteAdapter } from "./adapter";
import { websiteInputSchema } from "./schema";

const t = setupTestDb();

const parse = (input: unknown) => websiteInputSchema.safeParse(input);

describe("website channel input", () => {
  it("fills defaults and keeps only http(s) website URLs", () => {
    const ok = parse({ websiteUrl: "https://shop.example.com" });
    expect(ok.success && ok.data).toEqual({
      websiteUrl: "https://shop.example.com",
      widgetColor: "#5753d0",
      welcomeTitle: "Hi there 👋",
      welcomeTagline: "We usually reply in a few minutes.",
      replyTime: "minutes",
      allowedDomains: [],
      requireIdentity: false,
      position: "right",
      preChatEmail: false,
    });
    for (const websiteUrl of ["", "example.com", "ftp://example.com", "javascript:alert(1)", undefined]) {
      expect(parse({ websiteUrl }).success, String(websiteUrl)).toBe(false);
    }
  });

  it("accepts what the admin form posts: strings for lists, switches and blanks", () => {
    const r = parse({
      websiteUrl: "https://example.com",
      widgetColor: "#FF8800",
      welcomeTitle: "",
      welcomeTagline: "  Ask us anything  ",
      replyTime: "hours",
      allowedDomains: "Example.com, https://Shop.Example.org:8443/path\n*.blog.example.net  example.com",
      requireIdentity: "on",
      position: "left",
      preChatEmail: "on",
    });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({
      widgetColor: "#ff8800",
      welcomeTitle: "Hi there 👋",
      welcomeTagline: "Ask us anything",
      replyTime: "hours",
      allowedDomains: ["example.com", "shop.example.org", "blog.example.net"],
      requireIdentity: true,
      position: "left",
      preChatEmail: true,
    });
    expect(parse({ websiteUrl: "https://e.com", requireIdentity: "off", preChatEmail: "off", allowedDomains: "" }).data).toMatchObject({
      requireIdentity: false,
      preChatEmail: false,
      allowedDomains: [],
    });
  });

  it("rejects bad colours, reply times, positions and domains with field issues", () => {
    const bad = [
      { widgetColor: "red" },
      { widgetColor: "#12345" },
      { replyTime: "week" },
      { position: "top" },
      { allowedDomains: ["exa mple.com"] },
      { allowedDomains: "not_a_host!" },
      { requireIdentity: "maybe" },
      { preChatEmail: "sometimes" },
      { allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.com`) },
    ];
    for (const fields of bad) {
      const r = parse({ websiteUrl: "https://example.com", ...fields });
      expect(r.success, JSON.stringify(fields)).toBe(false);
    }
  });

  it("send acknowledges with a Konversio id; webhooks are not a way in", async () => {
    const msg = { id: "m-1" } as Parameters<typeof websiteAdapter.send>[0];
    expect(await websiteAdapter.send(msg, {} as never)).toEqual({ sourceId: "konversio:m-1" });
    expect(websiteAdapter.webhook).toBeNull();
    expect(await websiteAdapter.checkCredentials({ websiteUrl: "https://example.com" } as never, {})).toEqual({ ok: true });
    expect((await websiteAdapter.checkCredentials({ websiteUrl: "nope" } as never, {})).ok).toBe(false);
  });
});

describe("website inboxes", () => {
  it("are created with an embed code, a website token and a regenerable HMAC token", async () => {
    const admin = await t.admin();
    const inbox = await createInbox(t.db, admin, {
      name: "Acme site",
      channel: { type: "website", websiteUrl: "https://acme.example", widgetColor: "#112233", allowedDomains: ["acme.example"] },
    });
    expect(inbox.websiteToken).toEqual(expect.any(String));
    expect(inbox.embedCode).toBe(`<script src="${TEST_APP_URL}/widget.js" data-website-token="${inbox.websiteToken}" async></script>`);
    expect(inbox.hmacToken).toEqual(expect.any(String));
    expect(inbox.config).toMatchObject({ websiteUrl: "https://acme.example", widgetColor: "#112233", allowedDomains: ["acme.example"] });

    const regenerated = await regenerateInboxValue(t.db, admin, inbox.id, "hmacToken");
    expect(regenerated.hmacToken).not.toBe(inbox.hmacToken);
    expect(regenerated.websiteToken).toBe(inbox.websiteToken);

    // Agents never get generated values.
    const agent = await t.makeAgent();
    await t.setAgents(inbox.id, [agent.id]);
    const seen = await getInbox(t.db, t.actorOf(agent), inbox.id);
    expect(seen.embedCode).toBeUndefined();
    expect(seen.hmacToken).toBeUndefined();
  });

  it("update: a switch turned off and a cleared domain list are saved; other settings stay", async () => {
    const admin = await t.admin();
    const inbox = await createInbox(t.db, admin, {
      name: "Toggle site",
      channel: { type: "website", websiteUrl: "https://t.example", requireIdentity: true, allowedDomains: "t.example", welcomeTitle: "Yo" },
    });
    expect(inbox.config).toMatchObject({ requireIdentity: true, allowedDomains: ["t.example"] });
    const updated = await updateInbox(t.db, admin, inbox.id, { channel: { requireIdentity: "off", allowedDomains: "" } });
    expect(updated.config).toMatchObject({ requireIdentity: false, allowedDomains: [], welcomeTitle: "Yo", websiteUrl: "https://t.example" });
    // The pre-chat switch is stored like the others, and an inbox saved before it existed reads as off.
    expect(updated.config.preChatEmail).toBe(false);
    const asked = await updateInbox(t.db, admin, inbox.id, { channel: { preChatEmail: true } });
    expect(asked.config).toMatchObject({ preChatEmail: true, requireIdentity: false, welcomeTitle: "Yo" });
    await expect(updateInbox(t.db, admin, inbox.id, { channel: { widgetColor: "blue" } })).rejects.toMatchObject({ code: "validation" });
  });

  it("have no webhook address: none is shown and the webhook pipeline answers 404, storing nothing", async () => {
    const inbox = await createInbox(t.db, await t.admin(), { name: "No hooks", channel: { type: "website", websiteUrl: "https://h.example" } });
    const res = await receiveWebhook(t.db, "website", String(inbox.websiteToken), {
      method: "POST",
      headers: new Headers(),
      query: new URLSearchParams(),
      body: Buffer.from("{}"),
    });
    expect(inbox.webhookUrl).toBeNull();
    expect(res.status).toBe(404);
  });
});
