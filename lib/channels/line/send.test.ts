import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { buildLineMessages, classifyPushError, retryKey, splitText } from "./send";

const err = (status: number, message: string, details: string[] = []) => ({ status, message, details });

describe("LINE push helpers", () => {
  it("splits long text at spaces, and hard-cuts a run with none", () => {
    expect(splitText("  short  ")).toEqual(["short"]);
    expect(splitText("")).toEqual([]);
    expect(splitText("aaaa bbbb cccc", 10)).toEqual(["aaaa bbbb", "cccc"]);
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    expect(splitText("line one\nline two", 12)).toEqual(["line one", "line two"]);
  });

  it("derives stable, distinct UUID retry keys from the message id", () => {
    const id = "3E998DF0-C5F2-4CC1-8F4D-7C66DAB959B4";
    expect(retryKey(id, 0)).toBe(id.toLowerCase());
    expect(retryKey(id, 1)).toBe(retryKey(id, 1));
    expect(retryKey(id, 1)).not.toBe(retryKey(id, 2));
    expect(retryKey("not-a-uuid", 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sends decodable JPEG/PNG up to 10 MB as images (small ones are their own preview) and everything else as a link", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();
    const a = (name: string, contentType: string, bytes: Buffer, size = bytes.byteLength) => ({ id: name, name, contentType, size, publicUrl: `https://x.test/${name}`, read: async () => bytes });
    const out = await buildLineMessages({
      content: "",
      attachments: [
        a("a.jpg", "image/jpeg", jpeg),
        a("b.gif", "image/gif", Buffer.from("GIF89a")),
        a("c.png", "image/png", jpeg, 11 * 1024 * 1024),
        a("d.zip", "application/zip", Buffer.from("PK")),
        // Sniffed as a JPEG (its first bytes), but cut short: no picture to show.
        a("e.jpg", "image/jpeg", jpeg.subarray(0, 20)),
      ],
    });
    expect(out.map((m) => m.type)).toEqual(["image", "text", "text", "text", "text"]);
    expect(out[0]).toEqual({ type: "image", originalContentUrl: "https://x.test/a.jpg", previewImageUrl: "https://x.test/a.jpg" });
    expect(out[3]).toMatchObject({ text: expect.stringContaining("d.zip") });
    expect(out[4]).toEqual({ type: "text", text: "📎 e.jpg (download link valid for 24 hours):\nhttps://x.test/e.jpg" });
  });

  it("classifies LINE's refusals", () => {
    const cases: [ReturnType<typeof err>, "permanent" | "transient", boolean][] = [
      [err(401, "Authentication failed. Confirm that the access token in the authorization header is valid."), "permanent", true],
      [err(429, "You have reached your monthly limit."), "permanent", true],
      [err(429, "The API rate limit has been exceeded. Try again later."), "transient", false],
      [err(500, "Internal server error"), "transient", false],
      [err(403, "Access to this API is not available for your account"), "permanent", true],
      [err(400, "Failed to send messages"), "permanent", false],
      [err(400, "The request body has 1 error(s)", ["May not be empty (to)"]), "permanent", false],
      [err(400, "The request body has 1 error(s)", ["Must be a valid URL (messages[0].originalContentUrl)"]), "permanent", false],
    ];
    for (const [e, kind, credentials] of cases) {
      const c = classifyPushError(e, 12);
      expect(c).toBeInstanceOf(kind === "permanent" ? PermanentDeliveryError : TransientDeliveryError);
      if (c instanceof PermanentDeliveryError) expect(c.credentials).toBe(credentials);
      else expect(c.retryAfterSeconds).toBe(12);
      expect(c.message).toContain(`LINE said: ${e.message}`);
    }
    expect(classifyPushError(err(400, "Failed to send messages")).message).toMatch(/^LINE does not know this recipient/);
  });
});
