import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { freePort, migrate, NEXT_START_ARGS, root } from "../../scripts/runtime.mjs";
import { queryOnce } from "./sql";

/*
 * One built app (`next start`) of a test's own, on a database of its own: for scenarios that
 * take the database away, kill the app or read its log. Unlike the suite's global setup, the
 * test decides when it starts and stops. The app must have been built (`npx next build`).
 */

export type AppProcess = {
  readonly url: string;
  readonly pid: number;
  /** Everything the app wrote to stdout and stderr so far (also in test-results/servers/<name>.log). */
  log(): string;
  /** Whether the process has exited (by itself, by stop() or by kill()). */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` to the process (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves when the process exits: its exit code or the signal that ended it, and when (ms since the epoch). */
  exitStatus(): Promise<ExitStatus>;
};

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null; at: number };

export type StartAppOptions = {
  /** The database the app uses (e.g. a pg-proxy URL in front of a freshDatabase()). */
  databaseUrl: string;
  /** A name for the log file. */
  name?: string;
  /** Extra environment (KONVERSIO_ADMIN_EMAIL, …). */
  env?: Record<string, string>;
  /**
   * The directory of the built app: this checkout by default, or E2E_APP_DIR — another checkout
   * (e.g. an older commit, built) to show that a scenario fails there.
   */
  cwd?: string;
  readyTimeoutMs?: number;
};

const logsDir = path.join(root, "test-results/servers");

async function waitReady(url: string, child: ChildProcess, out: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${out().slice(-2000)}`);
    try {
      const res = await fetch(url + "/login", { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`app did not become ready at ${url}:\n${out().slice(-2000)}`);
}

/** Starts `next start` on a free port with the environment of production; resolves once it answers. */
export async function startApp(opts: StartAppOptions): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const cwd = opts.cwd ?? process.env.E2E_APP_DIR ?? root;
  const name = opts.name ?? `app-${port}`;
  mkdirSync(logsDir, { recursive: true });
  const file = createWriteStream(path.join(logsDir, `${name}.log`));
  let text = "";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: "app-process-" + randomBytes(12).toString("hex"),
    AUTH_TRUST_HOST: "true",
    KONVERSIO_ALLOW_PRIVATE_URLS: "1",
    NODE_ENV: "production",
    APP_URL: url,
    ...opts.env,
    DATABASE_URL: opts.databaseUrl,
  };
  delete env.KONVERSIO_EMBEDDED_DB;
  const next = path.join(cwd, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", ...NEXT_START_ARGS, "-p", String(port)], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const capture = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    file.write(chunk);
  };
  child.stdout!.on("data", capture);
  child.stderr!.on("data", capture);
  const status = new Promise<ExitStatus>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  const gone = status.then(() => {});
  gone.then(() => file.end()).catch(() => {});

  const app: AppProcess = {
    url,
    pid: child.pid!,
    log: () => text,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(graceMs = 10_000) {
      if (app.exited()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await gone;
      clearTimeout(timer);
    },
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (app.exited()) return;
      child.kill(signal);
      await gone;
    },
    exitStatus: () => status,
  };
  try {
    await waitReady(url, child, app.log, opts.readyTimeoutMs ?? 120_000);
  } catch (e) {
    await app.kill();
    throw e;
  }
  return app;
}

export type FreshDatabase = { readonly url: string; readonly name: string; drop(): Promise<void> };

/** A new, migrated database on `serverUrl` (the shared PostgreSQL); drop() removes it. */
export async function freshDatabase(serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"): Promise<FreshDatabase> {
  const name = `konversio_app_${randomBytes(4).toString("hex")}`;
  const run = async (text: string) => void (await queryOnce(serverUrl, text));
  await run(`create database "${name}"`);
  const u = new URL(serverUrl);
  u.pathname = "/" + name;
  const url = u.toString();
  await migrate(url);
  return { url, name, drop: () => run(`drop database if exists "${name}" with (force)`) };
}
