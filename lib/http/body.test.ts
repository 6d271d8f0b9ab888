import { describe, expect, it } from "vitest";
import { chunked } from "@/e2e/support/chunked-body";
import { BodyTooLargeError, readBodyWithin } from "./body";

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
