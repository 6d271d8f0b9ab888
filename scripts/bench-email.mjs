// `npm run bench:email`: the share of email replies whose new part we find exactly, on our own
// cases (lib/channels/email/reply-cases). Arguments pass through (`-- --candidates`).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "./runtime.mjs";

// The react-server condition resolves `server-only` to its no-op build outside Next.
const res = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "e2e/load/bench-email.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(res.status ?? 1);
