import { describe, expect, it } from "vitest";
import { storeAttachment } from "@/lib/attachments/store";
import { TEST_APP_URL, setupTestDb } from "@/e2e/support/db";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { serveAttachment } from "./access";
import { signedAttachmentPath, signedAttachmentUrl, signedLinkPurpose } from "./signed-url";

const t = setupTestDb();
const ID = "0b9e6c1e-3a1f-4c43-9d1e-2f4e5a6b7c8d";
const OTHER = "1c9e6c1e-3a1f-4c43-9d1e-2f4e5a6b7c8d";
const queryOf = (link: string) => new URL(link, TEST_APP_URL).searchParams;

describe("signed attachment links", () => {
  it("provider links are absolute, visitor links relative; each verifies as its own kind only, for its own id, until it expires", () => {
    const provider = signedAttachmentUrl(ID);
    const visitor = signedAttachmentPath(ID, "visitor");
    const now = Date.now();
    expect(signedAttachmentUrl(ID, 600, now)).toBe(TEST_APP_URL + signedAttachmentPath(ID, "provider", 600, now));
    expect(provider.startsWith(`${TEST_APP_URL}/api/attachments/${ID}?expires=`)).toBe(true);
    expect(visitor).toMatch(new RegExp(`^/api/attachments/${ID}\\?expires=\\d+&signature=[0-9a-f]{64}$`));

    expect(signedLinkPurpose(ID, queryOf(provider))).toBe("provider");
    expect(signedLinkPurpose(ID, queryOf(visitor))).toBe("visitor");
    expect(signedLinkPurpose(OTHER, queryOf(visitor))).toBeNull();
    expect(signedLinkPurpose(OTHER, queryOf(provider))).toBeNull();
    // Same id and expiry, different kind: different signatures.
    const at = Date.UTC(2030, 0, 1) - 24 * 3600_000;
    expect(queryOf(signedAttachmentPath(ID, "visitor", 24 * 3600, at)).get("expires")).toBe(queryOf(signedAttachmentPath(ID, "provider", 24 * 3600, at)).get("expires"));
    expect(queryOf(signedAttachmentPath(ID, "visitor", 24 * 3600, at)).get("signature")).not.toBe(
      queryOf(signedAttachmentPath(ID, "provider", 24 * 3600, at)).get("signature"),
    );

    const old = signedAttachmentPath(ID, "visitor", 3600, Date.now() - 3 * 3600_000);
    expect(signedLinkPurpose(ID, queryOf(old))).toBeNull();
    expect(signedLinkPurpose(ID, new URLSearchParams("expires=abc&signature=00"))).toBeNull();
    expect(signedLinkPurpose(ID, new URLSearchParams(`expires=${Math.floor(Date.now() / 1000) + 60}`))).toBeNull();
  });

  it("visitor links last about a day and stay the same within an hour (cacheable, no redraws)", () => {
    const hour = 3600_000;
    const start = Math.ceil(Date.now() / hour) * hour + 60_000; // one minute into an hour
    const a = signedAttachmentPath(ID, "visitor", undefined, start);
    expect(signedAttachmentPath(ID, "visitor", undefined, start + 30 * 60_000)).toBe(a);
    expect(signedAttachmentPath(ID, "visitor", undefined, start + hour)).not.toBe(a);
    const expires = Number(queryOf(a).get("expires")) * 1000;
    expect(expires - start).toBeGreaterThanOrEqual(24 * hour);
    expect(expires - start).toBeLessThanOrEqual(25 * hour);
  });

  it("a visitor link opens a file that is in no conversation yet; a provider link does not", async () => {
    const inbox = await makeWebsiteInbox(t);
    const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
    const up = await storeAttachment(t.db, { inboxId: inbox.id, visitorSourceId: "visitor:abc", name: "a.png", bytes: PNG });
    const get = (link: string) => serveAttachment(t.db, new Request(new URL(link, TEST_APP_URL)), up.id, async () => null);
    expect((await get(signedAttachmentPath(up.id, "visitor"))).status).toBe(200);
    expect((await get(signedAttachmentUrl(up.id))).status).toBe(404);
  });
});
