// `npm run bench:assign`: the assignment sweep over 10,000 waiting conversations (PostgreSQL).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "./runtime.mjs";

// The react-server condition resolves `server-only` to its no-op build outside Next.
const res = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "e2e/load/bench-assign.ts")], {
  cwd: root,
  stdio: "inherit",
});
process.exit(res.status ?? 1);
