import { describe, expect, it } from "vitest";
import { chunked } from "@/e2e/support/chunked-body";

describe("the webhook route", () => {
  it("answers 413 to an endless chunked body before looking anything up", async () => {
    const { POST } = await import("./route");
    const { req, sent } = chunked(200 * 1024 * 1024);
    const res = await POST(req, { params: Promise.resolve({ channel: "telegram", publicId: "nobody" }) });
    expect(res.status).toBe(413);
    expect(sent()).toBeLessThan(4 * 1024 * 1024);
  });
});
