// `npm run demo`: fills an empty workspace with demo inboxes, agents, teams and conversations.
// Uses DATABASE_URL, or the embedded database in .data/ when it is unset (only while the app is
// stopped: exactly one process may open that folder).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { dataDir, ensureAuthSecret, loadDotEnv, migrate, root, startEmbeddedPostgres } from "./runtime.mjs";

loadDotEnv();
// The same AUTH_SECRET as `npm start`: it also keys the encryption of inbox credentials.
ensureAuthSecret();

function runningPid(lockFile) {
  if (!existsSync(lockFile)) return null;
  const pid = Number(readFileSync(lockFile, "utf8"));
  if (!pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

let embedded;
if (!process.env.DATABASE_URL) {
  const dir = path.join(dataDir(), "pglite");
  const pid = runningPid(path.join(dir, "konversio.lock"));
  if (pid) {
    console.error(
      `The embedded database in ${dir} is in use by a running Konversio (process ${pid}).\n` +
        "Stop the server first and run `npm run demo` again, or — on a fresh workspace — tick\n" +
        "\"Fill the workspace with demo data\" on the setup page instead.",
    );
    process.exit(1);
  }
  try {
    embedded = await startEmbeddedPostgres({ dir });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  process.env.DATABASE_URL = embedded.url;
  process.env.KONVERSIO_EMBEDDED_DB = "1";
  console.log(`Using the embedded database in ${dir}.`);
}

let code = 1;
try {
  await migrate(process.env.DATABASE_URL);
  // Ctrl-C reaches the child too; stay alive to close the embedded database cleanly after it.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  // The react-server condition resolves `server-only` to its no-op build outside Next.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "lib/demo/cli.ts")],
    { cwd: root, stdio: "inherit", env: { ...process.env, KONVERSIO_WORKER: "0" } },
  );
  code = await new Promise((resolve) => {
    child.on("exit", (c) => resolve(c ?? 1));
    child.on("error", (e) => {
      console.error("Could not start the demo seeder:", e.message);
      resolve(1);
    });
  });
} catch (e) {
  console.error("Database migration failed:", e instanceof Error ? e.message : e);
} finally {
  await embedded?.stop();
}
process.exit(code);
