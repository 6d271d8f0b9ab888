import { describe, expect, it } from "vitest";
import { filtersToQuery, parseFilters } from "./filters";

const ID = "0b6f1c1e-8d4a-4c59-9a53-2f0e8c1d7a10";

describe("the label filter in the URL", () => {
  it("reads ?label=<id>, combined with an inbox, and writes it back", () => {
    const f = parseFilters(new URLSearchParams(`inbox=${ID}&label=${ID}&status=all`));
    expect(f).toMatchObject({ inbox: ID, label: ID, status: "all" });
    expect(filtersToQuery(f)).toBe(`?status=all&inbox=${ID}&label=${ID}`);
  });

  it("ignores a label that is not an id", () => {
    expect(parseFilters(new URLSearchParams("label=refund")).label).toBeNull();
    expect(filtersToQuery(parseFilters(new URLSearchParams("label=refund")))).toBe("");
  });
});
