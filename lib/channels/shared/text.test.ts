import { describe, expect, it } from "vitest";
import { splitText, utf16Units } from "./text";

const rejoin = (parts: string[]) => parts.join(" ").replace(/\s+/g, " ");

describe("splitText", () => {
  it("keeps short text whole and gives nothing for empty text", () => {
    expect(splitText("", 10)).toEqual([]);
    expect(splitText("   ", 10)).toEqual([]);
    expect(splitText("  short  ", 10)).toEqual(["short"]);
    expect(splitText("x".repeat(10), 10)).toEqual(["x".repeat(10)]);
  });

  it("cuts at the last space or line break so words stay whole", () => {
    expect(splitText("aaaa bbbb cccc", 10)).toEqual(["aaaa bbbb", "cccc"]);
    expect(splitText("line one\nline two", 12)).toEqual(["line one", "line two"]);
    // A space just after a full window is the best cut of all.
    expect(splitText("aaaaaaaaaa bbb", 10)).toEqual(["aaaaaaaaaa", "bbb"]);
  });

  it("cuts one very long word at the limit", () => {
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    // A space in the first half of the window would leave a tiny piece: the word is cut instead.
    expect(splitText("ab " + "c".repeat(20), 10)).toEqual(["ab " + "c".repeat(7), "c".repeat(10), "ccc"]);
  });

  it("never cuts a surrogate pair: an emoji counts 2 units and moves whole to the next piece", () => {
    const text = "x".repeat(9) + "😀" + "y";
    const parts = splitText(text, 10);
    expect(parts).toEqual(["x".repeat(9), "😀y"]);
    for (const p of parts) expect(p).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });

  it("never cuts a combining sequence, a flag or a ZWJ family", () => {
    const e = "e\u0301"; // é as e + combining acute
    const flag = "🇫🇷";
    const family = "👩‍👩‍👧";
    for (const cluster of [e, flag, family]) {
      for (let pad = 1; pad < 12; pad++) {
        const text = "a".repeat(pad) + cluster + "b".repeat(12);
        const parts = splitText(text, 12);
        for (const p of parts) expect(utf16Units(p)).toBeLessThanOrEqual(12);
        expect(parts.some((p) => p.includes(cluster))).toBe(true);
        expect(parts.join("")).toBe(text);
      }
    }
  });

  it("keeps order and every word of a long reply, every piece within the limit", () => {
    const words = Array.from({ length: 900 }, (_, i) => `word${i}${i % 7 === 0 ? "\n" : ""}`);
    const text = words.join(" ");
    const parts = splitText(text, 1600);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1600);
    expect(rejoin(parts)).toBe(rejoin([text]));
    // No word was cut: every piece starts and ends at a word's edge.
    for (const p of parts) expect(p).toMatch(/^word\d+[\s\S]*word\d+$/);
  });

  it("measures with the caller's measure", () => {
    const bytes = (s: string) => Buffer.byteLength(s, "utf8");
    expect(splitText("ééééé", 4, bytes)).toEqual(["éé", "éé", "é"]);
  });
});
