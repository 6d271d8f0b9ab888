import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments } from "@/db/schema";
import { setupTestDb } from "@/e2e/support/db";
import { serveAttachment } from "./access";
import { PREVIEW_MAX_BYTES } from "./preview";
import { signedAttachmentUrl, signedPreviewUrl } from "./signed-url";
import { attachToConversation, storeAttachment } from "./store";

const t = setupTestDb();

/** A photo-sized image of random pixels: incompressible, so its file is large. */
async function noiseImage(width: number, height: number, format: "jpeg" | "png", channels: 3 | 4 = 3): Promise<Buffer> {
  const img = sharp(randomBytes(width * height * channels), { raw: { width, height, channels } });
  return format === "jpeg" ? img.jpeg({ quality: 85 }).toBuffer() : img.png({ compressionLevel: 1 }).toBuffer();
}

describe("image previews (variant=preview links for providers)", () => {
  let inboxId: string;
  let conversationId: string;
  const get = (url: string, id: string) => serveAttachment(t.db, new Request(url), id, async () => null);
  async function sent(name: string, bytes: Buffer) {
    const a = await storeAttachment(t.db, { inboxId, visitorSourceId: null, name, bytes });
    await attachToConversation(t.db, [a.id], conversationId);
    return a;
  }
  const storedPreview = async (id: string) => (await t.db.select({ p: attachments.preview }).from(attachments).where(eq(attachments.id, id)))[0]!.p;

  beforeAll(async () => {
    const inbox = await t.makeApiInbox();
    inboxId = inbox.id;
    ({ conversationId } = await t.incoming(inbox, { contact: "preview-tester" }));
  });

  it("serves a large photo as a JPEG of at most 1 MB and 1024 px, made once and kept", async () => {
    const photo = await noiseImage(4000, 3000, "jpeg");
    expect(photo.byteLength).toBeGreaterThan(2 * PREVIEW_MAX_BYTES);
    const a = await sent("holiday photo.jpg", photo);
    expect(await storedPreview(a.id)).toBeNull();

    const res = await get(signedPreviewUrl(a.id), a.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("content-disposition")).toContain('filename="holiday photo-preview.jpg"');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.byteLength).toBeLessThanOrEqual(PREVIEW_MAX_BYTES);
    expect(await sharp(body).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 768 });
    expect((await storedPreview(a.id))?.equals(body)).toBe(true);

    // Later requests serve the kept copy: replace it and the route answers the replacement.
    const marker = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#ff0000" } }).jpeg().toBuffer();
    await t.db.update(attachments).set({ preview: marker }).where(eq(attachments.id, a.id));
    expect(Buffer.from(await (await get(signedPreviewUrl(a.id), a.id)).arrayBuffer()).equals(marker)).toBe(true);

    // The file link still serves the original.
    const original = await get(signedAttachmentUrl(a.id), a.id);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    expect(Number(original.headers.get("content-length"))).toBe(photo.byteLength);
  });

  it("turns a large transparent PNG into a JPEG on white; a small JPEG is its own preview", async () => {
    const png = await noiseImage(1800, 1200, "png", 4);
    expect(png.byteLength).toBeGreaterThan(PREVIEW_MAX_BYTES);
    const a = await sent("scan.png", png);
    const body = Buffer.from(await (await get(signedPreviewUrl(a.id), a.id)).arrayBuffer());
    expect(await sharp(body).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 683, hasAlpha: false });

    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();
    const b = await sent("small.jpg", small);
    expect(Buffer.from(await (await get(signedPreviewUrl(b.id), b.id)).arrayBuffer()).equals(small)).toBe(true);
    expect(await storedPreview(b.id)).toBeNull();
  });

  it("opens only with its own signature, unexpired, for an image already in a conversation; an undecodable image is a 404", async () => {
    const photo = await noiseImage(2400, 1800, "jpeg");
    expect(photo.byteLength).toBeGreaterThan(2 * PREVIEW_MAX_BYTES);
    const a = await sent("p.jpg", photo);
    const good = signedPreviewUrl(a.id);
    expect((await get(good, a.id)).status).toBe(200);
    const tampered = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect((await get(tampered, a.id)).status).toBe(404);
    // A file link is not a preview link, and a preview link is not a file link.
    expect((await get(signedAttachmentUrl(a.id) + "&variant=preview", a.id)).status).toBe(404);
    expect((await get(good.replace("variant=preview&", ""), a.id)).status).toBe(404);
    expect((await get(good.replace("variant=preview", "variant=original"), a.id)).status).toBe(404);
    expect((await get(signedPreviewUrl(a.id, 60, Date.now() - 3_600_000), a.id)).status).toBe(404);

    const loose = await storeAttachment(t.db, { inboxId, visitorSourceId: null, name: "loose.jpg", bytes: photo });
    expect((await get(signedPreviewUrl(loose.id), loose.id)).status).toBe(404);

    const pdf = await sent("a.pdf", Buffer.from("%PDF-1.4\n%%EOF\n"));
    expect((await get(signedPreviewUrl(pdf.id), pdf.id)).status).toBe(404);

    // The first bytes say JPEG (so it was stored as one), the rest is cut off.
    const broken = await sent("broken.jpg", photo.subarray(0, Math.floor(photo.byteLength / 2)));
    expect((await get(signedPreviewUrl(broken.id), broken.id)).status).toBe(404);
  });
});
