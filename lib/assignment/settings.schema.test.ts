import { describe, expect, it } from "vitest";
import { agentCapacity, autoAssignmentSchema, capacityFromText } from "./settings.schema";

describe("capacityFromText", () => {
  it("reads an empty field as no cap and digits as the number", () => {
    expect(capacityFromText("")).toBeNull();
    expect(capacityFromText("   ")).toBeNull();
    expect(capacityFromText(" 12 ")).toBe(12);
    expect(capacityFromText("0")).toBe(0);
  });

  it("leaves what is not a whole number in range for the schemas to refuse, with their words", () => {
    const agentError = (text: string) => agentCapacity.safeParse(capacityFromText(text)).error?.issues[0]?.message;
    expect(agentError("abc")).toBe("A whole number");
    expect(agentError("2.5")).toBe("A whole number");
    expect(agentError("-1")).toBe("0 or more");
    expect(agentError("1001")).toBe("At most 1,000");
    expect(agentError("7")).toBeUndefined();
    const inboxError = (text: string) => autoAssignmentSchema.safeParse({ enabled: true, capacity: capacityFromText(text) }).error?.issues[0]?.message;
    expect(inboxError("0")).toBe("At least 1");
    expect(inboxError("")).toBeUndefined();
  });
});
