import { describe, expect, it } from "vitest";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { partRefusal, sendInParts } from "./parts";

describe("sendInParts", () => {
  it("sends every part in order and records each as it is accepted", async () => {
    const recorded: string[] = [];
    const ids = await sendInParts(["a", "b"], { sent: [], partSent: async (id) => void recorded.push(id) }, async (p, i) => `${p}${i}`);
    expect(ids).toEqual(["a0", "b1"]);
    expect(recorded).toEqual(["a0", "b1"]);
  });

  it("skips the parts an earlier attempt delivered, and records nothing when the failing part fails again", async () => {
    const attempted: string[] = [];
    const recorded: string[] = [];
    const progress = { sent: ["a0"], partSent: async (id: string) => void recorded.push(id) };
    const send = async (p: string) => {
      attempted.push(p);
      if (p === "c") throw new Error("provider down");
      return p.toUpperCase();
    };
    await expect(sendInParts(["a", "b", "c"], progress, send)).rejects.toThrow("provider down");
    expect(attempted).toEqual(["b", "c"]);
    expect(recorded).toEqual(["B"]);
  });

  it("works without recorded progress", async () => {
    expect(await sendInParts([1, 2, 3], undefined, async (n) => String(n * 2))).toEqual(["2", "4", "6"]);
  });
});

describe("partRefusal", () => {
  it("tells the agent which parts already reached the customer when a later part is refused", () => {
    const e = partRefusal(new PermanentDeliveryError("The customer's carrier rejected the message", { credentials: true }), 1, 3) as PermanentDeliveryError;
    expect(e).toBeInstanceOf(PermanentDeliveryError);
    expect(e.message).toBe(
      "Only part of this reply reached the customer (1 of 3 messages). The rest failed: The customer's carrier rejected the message. Resend sends the missing parts.",
    );
    expect(e.credentials).toBe(true);
  });

  it("leaves the first part's refusal and failures worth retrying as they are", () => {
    const first = new PermanentDeliveryError("No");
    expect(partRefusal(first, 0, 2)).toBe(first);
    const transient = new TransientDeliveryError("Down");
    expect(partRefusal(transient, 1, 2)).toBe(transient);
  });
});
