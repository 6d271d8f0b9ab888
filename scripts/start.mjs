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
  env: process.env,
});
child.stdout.on("data", (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (/Ready in|✓ Ready/.test(text)) console.log(`\n  Konversio is running at ${process.env.APP_URL}\n`);
});

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null) child.kill("SIGTERM");
  await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  await embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
child.on("exit", (code) => shutdown(code ?? 0));
