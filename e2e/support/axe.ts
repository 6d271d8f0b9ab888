import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import type { AxeResults } from "axe-core";

/** Serious and critical axe violations as readable lines: rule, impact, help, and each target. */
export function seriousViolations(results: AxeResults) {
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = bad.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map(
      (n) =>
        `    ${n.target.join(" ")}  ${n.html.replace(/\s+/g, " ").slice(0, 200)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\s+/g, " ").slice(0, 320)}` : ""}`,
    ),
  ]);
  return { count: bad.length, summary: lines.join("\n") };
}

type Options = {
  /** Only this part of the page (a dialog, a menu). */
  include?: string;
  /** Leave these out (e.g. an email's sandboxed iframe, whose content is the sender's). */
  exclude?: string;
  /** axe's legacy mode: frames are not injected (for pages whose iframes axe cannot enter). */
  legacy?: boolean;
  /** Record the failure and go on, so one run reports every surface. */
  soft?: boolean;
};

/**
 * axe finds nothing serious or critical on the page as it stands. Waits for the page's title
 * first: a client-side navigation sets the new page's <title> a moment after its content shows,
 * and axe run in between reports a document without one (CI caught it once). A page that really
 * has no title still fails, on axe's own check.
 */
export async function expectAccessible(page: Page, what: string, opts: Options = {}) {
  await expect(page).toHaveTitle(/\S/);
  let builder = new AxeBuilder({ page });
  if (opts.include) builder = builder.include(opts.include);
  if (opts.exclude) builder = builder.exclude(opts.exclude);
  if (opts.legacy) builder = builder.setLegacyMode();
  const { count, summary } = seriousViolations(await builder.analyze());
  (opts.soft ? expect.soft : expect)(count, `serious/critical axe violations on ${what}:\n${summary}`).toBe(0);
}
