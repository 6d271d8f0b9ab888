import { describe, expect, it } from "vitest";
import { MAX_CC, mailboxKey, pickReplyRecipients } from "./recipients";

/* The reply-all rule on its own; reply-all.test.ts runs it through real mail. */

const latest = (to: string[], cc: string[] = [], from: string | null = "maya@customer.test") => ({
  from: from ? { address: from } : null,
  to: to.map((address) => ({ address })),
  cc: cc.map((address) => ({ address })),
});

describe("pickReplyRecipients", () => {
  it("copies the latest mail's To and Cc without us or the customer, each once, in order", () => {
    const r = pickReplyRecipients({
      customer: "Maya@Customer.test",
      latest: latest(["Support@Example.TEST", "anna@customer.test"], ["BEN@partner.test", "maya@customer.test", "Anna@Customer.Test"]),
      own: ["support@example.test"],
    });
    expect(r).toEqual({ to: [{ address: "maya@customer.test" }], cc: [{ address: "anna@customer.test" }, { address: "ben@partner.test" }], omitted: 0 });
  });

  it("compares our addresses by mailbox: any case, any +tag, either side", () => {
    const r = pickReplyRecipients({ customer: "maya@customer.test", latest: latest(["SUPPORT+billing@example.test", "support@EXAMPLE.test"]), own: ["Support@Example.Test"] });
    expect(r.cc).toEqual([]);
    expect(mailboxKey(" Support+Billing@Example.TEST ")).toBe("support@example.test");
  });

  it("copies the sender of the latest mail when it is not the customer", () => {
    const r = pickReplyRecipients({ customer: "maya@customer.test", latest: latest(["support@example.test"], ["maya@customer.test"], "anna@customer.test"), own: ["support@example.test"] });
    expect(r.cc).toEqual([{ address: "anna@customer.test" }]);
  });

  it("keeps at most MAX_CC copies, counts the rest, and skips what an envelope cannot carry", () => {
    const crowd = Array.from({ length: MAX_CC + 3 }, (_, i) => `p${i}@crowd.test`);
    const r = pickReplyRecipients({ customer: "maya@customer.test", latest: latest(["undisclosed-recipients", "a b@x.test", ...crowd]), own: [] });
    expect(r.cc.map((a) => a.address)).toEqual(crowd.slice(0, MAX_CC));
    expect(r.omitted).toBe(3);
  });

  it("has no one to write to without a customer address, and no copies without a mail", () => {
    expect(pickReplyRecipients({ customer: null, latest: null, own: [] })).toEqual({ to: [], cc: [], omitted: 0 });
    expect(pickReplyRecipients({ customer: "maya@customer.test", latest: null, own: [] }).cc).toEqual([]);
  });
});
