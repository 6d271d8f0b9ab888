import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildWidgetChat, OUTPUT } from "../../../scripts/build-widget.mjs";
import { gzipSync } from "node:zlib";

describe("the committed chat bundle (bundle.generated.ts)", () => {
  it("is what scripts/build-widget.mjs makes from the current sources — run `npm run widget:build` if this fails", async () => {
    const { module } = (await buildWidgetChat()) as { module: string };
    expect(readFileSync(OUTPUT, "utf8") === module, "lib/widget/client/bundle.generated.ts is stale: run `npm run widget:build`").toBe(true);
  }, 30_000);

  it("stays lean: the script under 12 KB gzipped, and free of innerHTML and eval", async () => {
    const { js } = (await buildWidgetChat()) as { js: string };
    expect(gzipSync(js, { level: 9 }).length).toBeLessThan(12 * 1024);
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  }, 30_000);
});
