import { describe, expect, it } from "vitest";
import { cleanInput, MAX_DEPTH } from "./clean-text";

describe("cleanInput", () => {
  it("strips U+0000 from every string, keys included", () => {
    expect(cleanInput({ "a\u0000": ["x\u0000y", { z: "\u0000" }], n: 1 })).toEqual({ a: ["xy", { z: "" }], n: 1 });
  });
  it("replaces lone surrogates with U+FFFD and keeps whole pairs (jsonb refuses the former)", () => {
    const parsed = JSON.parse('{"name":"\\u0000a\\ud800b\\udfffc\\ud83d\\ude00"}') as { name: string };
    expect(cleanInput(parsed)).toEqual({ name: "a\ufffdb\ufffdc😀" });
  });
  it("refuses absurdly deep input with a validation error, not a stack overflow", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => cleanInput(deep)).toThrow(expect.objectContaining({ code: "validation" }));
    let ok: unknown = "x";
    for (let i = 0; i < MAX_DEPTH - 1; i++) ok = [ok];
    expect(() => cleanInput(ok)).not.toThrow();
  });
});
