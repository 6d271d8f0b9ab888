import { describe, expect, it } from "vitest";
import { addressesIn } from "./addresses";

describe("addressesIn", () => {
  it("reads what agents type or paste: bare addresses, Name <address>, separated by commas, semicolons or lines", () => {
    expect(addressesIn("Anna Berg <Anna@Customer.test>, ben@partner.test;\ncarl@x.co.uk")).toEqual({
      valid: ["anna@customer.test", "ben@partner.test", "carl@x.co.uk"],
      invalid: [],
    });
  });

  it("names the pieces that are not addresses, as typed", () => {
    expect(addressesIn("ops@studio, ok@fine.test, Jo Bloggs, <>, a b@c.test")).toEqual({
      valid: ["ok@fine.test"],
      invalid: ["ops@studio", "Jo Bloggs", "<>", "a b@c.test"],
    });
    expect(addressesIn(" , ;")).toEqual({ valid: [], invalid: [] });
  });
});
