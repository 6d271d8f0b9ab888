import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startFakes } from "../fakes";
import { freePort, migrate, NEXT_START_ARGS, root } from "../../scripts/runtime.mjs";

/*
 * Starts the built app for the suite. E2E_MODE=postgres: a fresh database on TEST_DATABASE_URL's
 * server and two app instances on it (realtime must cross instances). E2E_MODE=embedded: the
 * zero-setup `npm start` path with a fresh embedded data folder.
 */
const AUTH_SECRET = "e2e-secret-" + randomBytes(12).toString("hex");
const logs = path.join(root, "test-results/servers");

function launch(name: string, args: string[], env: Record<string, string>): ChildProcess {
  mkdirSync(logs, { recursive: true });
  const log = createWriteStream(path.join(logs, `${name}.log`));
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function waitReady(url: string, child: ChildProcess, name: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see test-results/servers/${name}.log`);
    try {
      const res = await fetch(url + "/login", { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

export default async function globalSetup() {
  const mode = process.env.E2E_MODE === "postgres" ? "postgres" : "embedded";
  // Fake provider APIs (Telegram, Meta, …): the app calls them, specs script and inspect them.
  const fakes = await startFakes();
  Object.assign(process.env, fakes.env);
  // Email inboxes poll their (loopback) mailbox every second, so new mail shows up live in the specs.
  // A closed tab makes its user away after 20 s rather than 2 min: e2e/assignment.spec.ts waits for it.
  const common = {
    AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    KONVERSIO_ALLOW_PRIVATE_URLS: "1",
    KONVERSIO_EMAIL_POLL_SECONDS: "1",
    KONVERSIO_PRESENCE_GRACE_SECONDS: "20",
    NODE_ENV: "production",
    ...fakes.env,
  };
  process.env.E2E_MODE = mode;

  if (mode === "embedded") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "konversio-e2e-"));
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const server = launch("embedded", [path.join(root, "scripts/start.mjs")], {
      ...common,
      DATABASE_URL: "",
      KONVERSIO_DATA_DIR: dataDir,
      PORT: String(port),
      APP_URL: url,
    });
    await waitReady(url, server, "embedded");
    process.env.E2E_BASE_URL = url;
    process.env.E2E_BASE_URL_B = url;
    return async () => {
      await stop(server);
      await fakes.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  const serverUrl = process.env.TEST_DATABASE_URL!;
  const dbName = `konversio_e2e_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = "/" + dbName;
  const databaseUrl = u.toString();
  await migrate(databaseUrl);

  const [portA, portB] = [await freePort(), await freePort()];
  const urlA = `http://localhost:${portA}`;
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const env = { ...common, DATABASE_URL: databaseUrl, APP_URL: urlA };
  const a = launch("instance-a", [next, "start", ...NEXT_START_ARGS, "-p", String(portA)], env);
  const b = launch("instance-b", [next, "start", ...NEXT_START_ARGS, "-p", String(portB)], env);
  await Promise.all([waitReady(urlA, a, "instance-a"), waitReady(`http://localhost:${portB}`, b, "instance-b")]);
  process.env.E2E_BASE_URL = urlA;
  process.env.E2E_BASE_URL_B = `http://localhost:${portB}`;
  process.env.E2E_DATABASE_URL = databaseUrl;

  return async () => {
    await Promise.all([stop(a), stop(b)]);
    await fakes.stop();
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  };
}
