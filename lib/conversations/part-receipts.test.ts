import { describe, expect, it } from "vitest";
import { partMovesTo, replyStatusOverParts } from "./part-receipts";

describe("a reply's status over its parts", () => {
  it("is delivered only when every part is delivered", () => {
    expect(replyStatusOverParts(["a", "b"], { a: { status: "delivered" } })).toEqual({ status: "sent" });
    expect(replyStatusOverParts(["a", "b"], { a: { status: "delivered" }, b: { status: "sent" } })).toEqual({ status: "sent" });
    expect(replyStatusOverParts(["a", "b"], { a: { status: "delivered" }, b: { status: "delivered" } })).toEqual({ status: "delivered" });
    expect(replyStatusOverParts(["a", "b"], { a: { status: "read" }, b: { status: "delivered" } })).toEqual({ status: "delivered" });
  });

  it("is failed when any part failed, with that part's reason", () => {
    const s = replyStatusOverParts(["a", "b", "c"], { a: { status: "delivered" }, b: { status: "failed", error: "Blocked as spam" }, c: { status: "delivered" } });
    expect(s).toEqual({ status: "failed", error: "Part 2 of 3 did not reach the customer: Blocked as spam" });
    expect(replyStatusOverParts(["a"], { a: { status: "failed", error: "Unreachable" } })).toEqual({ status: "failed", error: "Unreachable" });
  });

  it("moves a part only forward, and fails it only before delivery", () => {
    expect(partMovesTo(undefined, "sent")).toBe(true);
    expect(partMovesTo({ status: "delivered" }, "sent")).toBe(false);
    expect(partMovesTo({ status: "sent" }, "failed")).toBe(true);
    expect(partMovesTo({ status: "delivered" }, "failed")).toBe(false);
    expect(partMovesTo({ status: "failed" }, "delivered")).toBe(false);
  });
});
