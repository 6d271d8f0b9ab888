import { describe, expect, it } from "vitest";
import { smsCount, smsTextParts } from "./parts";

describe("SMS parts", () => {
  it("splits at each provider's own limit", () => {
    const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" "); // 3,089 characters
    expect(smsTextParts(text, "twilio")).toHaveLength(2);
    expect(smsTextParts(text, "bandwidth")).toHaveLength(2);
    expect(smsTextParts("x".repeat(1600), "twilio")).toHaveLength(1);
    expect(smsTextParts("x".repeat(1601), "twilio")).toHaveLength(2);
    expect(smsTextParts("x".repeat(2048), "bandwidth")).toHaveLength(1);
    expect(smsTextParts("x".repeat(2049), "bandwidth")).toHaveLength(2);
  });

  it("counts what the composer shows as the provider counts it: an emoji is 2", () => {
    expect(smsCount("  hello  ", "twilio")).toEqual({ length: 5, limit: 1600, parts: 1 });
    expect(smsCount("👍", "bandwidth")).toEqual({ length: 2, limit: 2048, parts: 1 });
    expect(smsCount("x".repeat(1599) + "😀", "twilio")).toEqual({ length: 1601, limit: 1600, parts: 2 });
    expect(smsCount("", "twilio").parts).toBe(0);
  });
});
