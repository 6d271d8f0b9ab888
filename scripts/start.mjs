// `npm start`: builds if needed, opens the database (embedded PGlite unless DATABASE_URL is set),
// migrates, and serves the app with `next start`.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ensureAuthSecret, loadDotEnv, migrate, NEXT_START_ARGS, needsBuild, root, startEmbeddedPostgres } from "./runtime.mjs";

const dev = process.argv.includes("--dev");
const forceBuild = process.argv.includes("--build");

loadDotEnv();
ensureAuthSecret();
const port = Number(process.env.PORT || 3000);
process.env.APP_URL ||= `http://localhost:${port}`;
process.env.AUTH_TRUST_HOST ||= "true";
process.env.NEXT_TELEMETRY_DISABLED ||= "1";
process.env.AUTH_URL ||= process.env.APP_URL;

const nextBin = path.join(root, "node_modules/next/dist/bin/next");

if (!dev && needsBuild({ force: forceBuild })) {
  console.log("Building Konversio (first run or sources changed)…");
  // The build never touches the database; a placeholder keeps env validation quiet.
  const res = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || "postgresql://build-placeholder/none" },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

let embedded;
if (!process.env.DATABASE_URL) {
  try {
    embedded = await startEmbeddedPostgres();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  process.env.DATABASE_URL = embedded.url;
  process.env.KONVERSIO_EMBEDDED_DB = "1";
  console.log("Using the embedded database in .data/ (set DATABASE_URL to use PostgreSQL).");
}

try {
  await migrate(process.env.DATABASE_URL);
} catch (e) {
  console.error("Database migration failed:", e instanceof Error ? e.message : e);
  await embedded?.stop();
  process.exit(1);
}

const child = spawn(process.execPath, [nextBin, ...(dev ? ["dev"] : ["start", ...NEXT_START_ARGS]), "-p", String(port)], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  // The app's own shutdown (lib/shutdown.ts) replaces Next's signal handler.
  env: dev ? process.env : { ...process.env, NEXT_MANUAL_SIG_HANDLE: "1" },
  // Its own process group: Ctrl+C reaches only us, and we pass one signal on. In our group it would
  // get the terminal's SIGINT and then ours, and a second signal means "exit now" to the app.
  detached: true,
});
child.stdout.on("data", (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (/Ready in|✓ Ready/.test(text)) console.log(`\n  Konversio is running at ${process.env.APP_URL}\n`);
});
const childGone = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

// The app stops within 10 s by itself (docs/architecture.md §6.10); this only catches a wedged one.
const CHILD_DEADLINE_MS = 9_600;
/** A repeat this soon is the same Ctrl+C delivered twice (the terminal and npm both pass it on). */
const REPEAT_SIGNAL_MS = 1_000;
let stopping;
async function shutdown(signal) {
  if (stopping) {
    // A second, later signal: the app exits at once on it.
    if (signal && Date.now() - stopping.at >= REPEAT_SIGNAL_MS) child.kill(signal);
    return;
  }
  stopping = { at: Date.now() };
  if (signal) child.kill("SIGTERM");
  const backstop = setTimeout(() => child.kill("SIGKILL"), CHILD_DEADLINE_MS);
  const code = await childGone;
  clearTimeout(backstop);
  await embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
// `next start` runs in its own process group, so a closed terminal reaches only us: pass it on.
process.on("SIGHUP", () => shutdown("SIGHUP"));
childGone.then(() => shutdown());
