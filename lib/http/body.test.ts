import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyWithin } from "./body";

/** A chunked body (no Content-Length) that would go on for `total` bytes. */
function chunked(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
  return { req: new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit), sent: () => sent };
}

describe("readBodyWithin", () => {
  it("reads a body within the limit", async () => {
    const { req } = chunked(1000);
    expect((await readBodyWithin(req, 2000)).byteLength).toBe(1000);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    const { req, sent } = chunked(50 * 1024 * 1024);
    await expect(readBodyWithin(req, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(sent()).toBeLessThan(2 * 1024 * 1024);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x".repeat(10), headers: { "content-length": "999999" } });
    await expect(readBodyWithin(req, 100)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe("the webhook route", () => {
  it("answers 413 to an endless chunked body before looking anything up", async () => {
    const { POST } = await import("@/app/api/webhooks/[channel]/[publicId]/route");
    const { req, sent } = chunked(200 * 1024 * 1024);
    const res = await POST(req, { params: Promise.resolve({ channel: "telegram", publicId: "nobody" }) });
    expect(res.status).toBe(413);
    expect(sent()).toBeLessThan(4 * 1024 * 1024);
  });
});
