import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { attachments, messages } from "@/db/schema";
import { regeneratePersonalToken } from "@/lib/auth/tokens";
import { detectContentType } from "@/lib/attachments/sniff";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/types";
import { listMessages } from "@/lib/conversations/messages";
import { setupTestDb } from "@/e2e/support/db";
import { signedAttachmentPath } from "@/lib/attachments/signed-url";
import { deleteInbox } from "@/lib/inboxes/delete";
import { makeWebsiteInbox } from "@/e2e/support/channels/website";
import { anonymous, json, message, verified, widget } from "@/e2e/support/widget-routes";

const t = setupTestDb();

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n%test\n");

/** A visitor's link to one file: the plain path plus a signed, expiring query, never the visitor token. */
const signedLink = (id: string) => new RegExp(`^/api/attachments/${id}\\?expires=\\d+&signature=[0-9a-f]{64}$`);

async function uploaded(token: string, visitor: string, file = { name: "pic.png", bytes: PNG as Uint8Array }) {
  const res = await widget.upload(token, visitor, file);
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

describe("content type detection", () => {
  it("sniffs images from their bytes and checks documents against their extension", () => {
    expect(detectContentType(PNG, "whatever.txt")).toBe("image/png");
    expect(detectContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), "a.jpg")).toBe("image/jpeg");
    expect(detectContentType(Buffer.from("GIF89a......"), "a.gif")).toBe("image/gif");
    expect(detectContentType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "), "a.webp")).toBe("image/webp");
    expect(detectContentType(PDF, "doc.pdf")).toBe("application/pdf");
    expect(detectContentType(Buffer.from("a,b\n1,2\n"), "data.csv")).toBe("text/csv");
    expect(detectContentType(Buffer.from("hello"), "notes.TXT")).toBe("text/plain");
    expect(detectContentType(Buffer.from([0x50, 0x4b, 3, 4, 0]), "book.xlsx")).toContain("spreadsheetml");
    // A "PNG" that is HTML, a script, a fake PDF, binary "text": refused.
    expect(detectContentType(Buffer.from("<html><script>alert(1)</script>"), "x.png")).toBeNull();
    expect(detectContentType(Buffer.from("<svg/>"), "x.svg")).toBeNull();
    expect(detectContentType(Buffer.from("not a pdf"), "x.pdf")).toBeNull();
    expect(detectContentType(Buffer.from([0, 1, 2]), "x.txt")).toBeNull();
    expect(detectContentType(Buffer.from("MZ"), "x.exe")).toBeNull();
  });
});

describe("visitor attachments", () => {
  it("uploads, sends and serves an image to its visitor and to agents who can see the conversation", async () => {
    const agent = await t.makeAgent();
    const outsider = await t.makeAgent();
    const inbox = await makeWebsiteInbox(t, {}, { agentIds: [agent.id] });
    const visitor = await anonymous(inbox.websiteToken);
    // The browser's claimed type is ignored: the bytes are a PNG.
    const res = await widget.upload(inbox.websiteToken, visitor, { name: "../shot.txt", bytes: PNG, type: "text/html" });
    expect(res.status).toBe(201);
    const up = await json(res);
    expect(up).toEqual({ id: expect.any(String), name: "shot.txt", contentType: "image/png", size: PNG.length, url: expect.stringMatching(signedLink(up.id)) });
    expect(up.url).not.toContain(visitor);

    // Before it is sent, its signed link (handed only to the uploader) opens it; the plain path does not.
    expect((await widget.download(`/api/attachments/${up.id}`)).status).toBe(404);
    const own = await widget.download(up.url);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("image/png");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("content-disposition")).toMatch(/^inline/);
    expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);

    // An image alone is a message (empty content).
    const sent = await widget.send(inbox.websiteToken, visitor, { ...message(""), attachmentIds: [up.id] });
    expect(sent.status).toBe(201);
    const msg = await json(sent);
    expect(msg.content).toBe("");
    expect(msg.attachments).toEqual([{ name: "shot.txt", contentType: "image/png", size: PNG.length, url: expect.stringMatching(signedLink(up.id)) }]);
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, up.id));
    const [stored] = await t.db.select().from(messages).where(eq(messages.id, msg.id));
    expect(row!.conversationId).toBe(stored!.conversationId);

    // Stored (and shown to agents) with the plain url: agents fetch it with their session or bearer token; an outsider cannot.
    const plain = `/api/attachments/${up.id}`;
    expect(stored!.attachments.map((a) => a.url)).toEqual([plain]);
    const thread = await listMessages(t.db, { id: agent.id, name: agent.name, email: agent.email, role: agent.role }, stored!.conversationId);
    expect(JSON.stringify(thread)).toContain(`"${plain}"`);
    expect(JSON.stringify(thread)).not.toContain("signature");
    const agentToken = await regeneratePersonalToken(t.db, agent.id);
    const asAgent = await widget.download(plain, { authorization: `Bearer ${agentToken}` });
    expect(asAgent.status).toBe(200);
    const outsiderToken = await regeneratePersonalToken(t.db, outsider.id);
    expect((await widget.download(plain, { authorization: `Bearer ${outsiderToken}` })).status).toBe(404);
    expect((await widget.download(plain)).status).toBe(404);
    // The visitor token in the query no longer opens anything.
    expect((await widget.download(`${plain}?visitor=${encodeURIComponent(visitor)}`)).status).toBe(404);
  });

  it("serves documents as downloads", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const up = await uploaded(inbox.websiteToken, visitor, { name: "invoice.pdf", bytes: PDF });
    expect(up.contentType).toBe("application/pdf");
    const res = await widget.download(up.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("enforces the limits: size, type, empty, no file, 5 per message", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61);
    const tooBig = await widget.upload(inbox.websiteToken, visitor, { name: "big.txt", bytes: big });
    expect(tooBig.status).toBe(400);
    expect((await json(tooBig)).error.message).toMatch(/10\.0 MB/);
    const exe = await widget.upload(inbox.websiteToken, visitor, { name: "tool.exe", bytes: Buffer.from("MZ\x90\0") });
    expect(exe.status).toBe(400);
    expect((await json(exe)).error.message).toMatch(/cannot be sent/);
    expect((await widget.upload(inbox.websiteToken, visitor, { name: "fake.png", bytes: Buffer.from("<html>") })).status).toBe(400);
    expect((await widget.upload(inbox.websiteToken, visitor, { name: "e.txt", bytes: Buffer.alloc(0) })).status).toBe(400);
    expect((await widget.upload(inbox.websiteToken, undefined, { name: "a.png", bytes: PNG })).status).toBe(401);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await uploaded(inbox.websiteToken, visitor)).id);
    expect((await widget.send(inbox.websiteToken, visitor, { ...message("six"), attachmentIds: ids })).status).toBe(400);
    expect((await widget.send(inbox.websiteToken, visitor, { ...message(""), attachmentIds: [] })).status).toBe(400);
    expect((await widget.send(inbox.websiteToken, visitor, { ...message("five"), attachmentIds: ids.slice(0, 5) })).status).toBe(201);
  });

  it("refuses another visitor's or another inbox's uploads (send: 400), and re-sending a sent file", async () => {
    const inbox = await makeWebsiteInbox(t);
    const other = await makeWebsiteInbox(t);
    const alice = await anonymous(inbox.websiteToken);
    const bob = await anonymous(inbox.websiteToken);
    const carol = await verified(other, "carol");
    const up = await uploaded(inbox.websiteToken, alice);

    // Only the signed link opens it: no visitor token does, the uploader's included.
    for (const v of [alice, bob, carol, "forged"]) {
      expect((await widget.download(`/api/attachments/${up.id}?visitor=${encodeURIComponent(v)}`)).status).toBe(404);
    }
    expect((await widget.download("/api/attachments/not-a-uuid")).status).toBe(404);
    expect((await widget.send(inbox.websiteToken, bob, { ...message("mine"), attachmentIds: [up.id] })).status).toBe(400);
    expect((await widget.send(other.websiteToken, carol, { ...message("mine"), attachmentIds: [up.id] })).status).toBe(400);

    const body = { ...message("here"), attachmentIds: [up.id] };
    expect((await widget.send(inbox.websiteToken, alice, body)).status).toBe(201);
    // A retry of the same message is fine; the file in a new message is not.
    expect((await widget.send(inbox.websiteToken, alice, body)).status).toBe(200);
    expect((await widget.send(inbox.websiteToken, alice, { ...message("again"), attachmentIds: [up.id] })).status).toBe(400);
    // The link the visitor holds keeps working once the file is in a message.
    expect((await widget.download(up.url)).status).toBe(200);
  });

  it("signed links: history and the stream carry them; they open for anyone holding them, are bound to the file, and expire", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const pic = await uploaded(inbox.websiteToken, visitor);
    const doc = await uploaded(inbox.websiteToken, visitor, { name: "invoice.pdf", bytes: PDF });
    expect((await widget.send(inbox.websiteToken, visitor, { ...message("two files"), attachmentIds: [pic.id, doc.id] })).status).toBe(201);

    const [sent] = (await json(await widget.list(inbox.websiteToken, visitor))).data;
    const [picUrl, docUrl] = sent.attachments.map((a: { url: string }) => a.url);
    expect(picUrl).toMatch(signedLink(pic.id));
    expect(docUrl).toMatch(signedLink(doc.id));
    // About a day: the end of the hour 24 h from now.
    const expires = Number(new URL(picUrl, "http://x").searchParams.get("expires"));
    expect(expires - Date.now() / 1000).toBeGreaterThan(24 * 3600 - 5);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(25 * 3600);
    expect(expires % 3600).toBe(0);

    // A bearer link: no session, no visitor token needed (an <img> sends neither).
    const img = await widget.download(picUrl);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);

    // Bound to the file: the same query on another file's path, a changed signature or expiry → 404.
    const query = (u: string) => u.slice(u.indexOf("?"));
    expect((await widget.download(`/api/attachments/${doc.id}${query(picUrl)}`)).status).toBe(404);
    const flip = (u: string) => u.slice(0, -1) + (u.endsWith("0") ? "1" : "0");
    expect((await widget.download(flip(picUrl))).status).toBe(404);
    expect((await widget.download(picUrl.replace(/expires=(\d+)/, (_: string, e: string) => `expires=${Number(e) + 3600}`))).status).toBe(404);
    expect((await widget.download(`/api/attachments/${pic.id}?expires=${expires}`)).status).toBe(404);

    // Expired: a link minted two days ago, and today's link once its day is over.
    expect((await widget.download(signedAttachmentPath(pic.id, "visitor", 24 * 3600, Date.now() - 48 * 3600_000))).status).toBe(404);
    vi.useFakeTimers({ toFake: ["Date"], now: (expires + 1) * 1000 });
    try {
      expect((await widget.download(picUrl)).status).toBe(404);
    } finally {
      vi.useRealTimers();
    }
    expect((await widget.download(picUrl)).status).toBe(200);
  });

  it("a visitor's link to an unsent upload opens it; every link dies with the inbox", async () => {
    const inbox = await makeWebsiteInbox(t);
    const visitor = await anonymous(inbox.websiteToken);
    const unsent = await uploaded(inbox.websiteToken, visitor);
    const sentUp = await uploaded(inbox.websiteToken, visitor);
    expect((await widget.send(inbox.websiteToken, visitor, { ...message("one"), attachmentIds: [sentUp.id] })).status).toBe(201);
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, unsent.id));
    expect(row!.conversationId).toBeNull();
    expect((await widget.download(unsent.url)).status).toBe(200);
    const sentUrl = (await json(await widget.list(inbox.websiteToken, visitor))).data[0].attachments[0].url;
    expect((await widget.download(sentUrl)).status).toBe(200);

    await deleteInbox(t.db, await t.admin(), inbox.id);
    expect((await widget.download(unsent.url)).status).toBe(404);
    expect((await widget.download(sentUrl)).status).toBe(404);
  });
});
