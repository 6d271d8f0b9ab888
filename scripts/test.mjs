// `npm test`: every vitest project (unit, client and integration: `npm run test:unit` and
// `npm run test:integration` run them apart), then the Playwright suite against the built app in
// real Chromium. Prints one closing line "N passed, N failed, N skipped" summing both runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { chromiumPath, root } from "./runtime.mjs";

const chromium = chromiumPath();
if (!chromium) {
  console.error(
    "No Chromium found for the end-to-end tests.\n" +
      "Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary.",
  );
  process.exit(1);
}

const reports = path.join(root, "test-results/reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, "node_modules/.bin", name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

let failedStep = false;
const vitestReport = path.join(reports, "vitest.json");
console.log("\n▶ Unit and integration tests (vitest)" + (process.env.TEST_DATABASE_URL ? " on PostgreSQL" : " on embedded PGlite"));
const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
failedStep = failedStep || vitestStatus !== 0;

if (!process.env.SKIP_BUILD) {
  console.log("\n▶ Building the app");
  const status = run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    DATABASE_URL: "postgresql://build-placeholder/none",
  });
  if (status !== 0) {
    console.error("Build failed; end-to-end tests skipped.");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const e2eRuns = [{ mode: process.env.TEST_DATABASE_URL ? "postgres" : "embedded", grep: [] }];
// CI also proves the zero-setup path (`npm start` on the embedded database) with the smoke test.
if (process.env.E2E_EMBEDDED_SMOKE === "1" && process.env.TEST_DATABASE_URL) e2eRuns.push({ mode: "embedded", grep: ["--grep", "@smoke"] });
for (const [i, r] of e2eRuns.entries()) {
  console.log(`\n▶ End-to-end tests in Chromium (${r.mode === "postgres" ? "PostgreSQL" : "embedded database via npm start"})`);
  const out = path.join(reports, `playwright-${i}.json`);
  // Every run happens even after a failure, so one report shows all that is broken.
  const status = run(bin("playwright"), ["test", ...r.grep], { E2E_MODE: r.mode, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  failedStep = failedStep || status !== 0;
}

function count(file, pick) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  try {
    return pick(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 1 };
  }
}
const totals = [
  count(vitestReport, (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests })),
  ...e2eRuns.map((_, i) =>
    count(path.join(reports, `playwright-${i}.json`), (j) => ({ passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped })),
  ),
].reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: (a.skipped ?? 0) + (b.skipped ?? 0) }));
if (failedStep && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
