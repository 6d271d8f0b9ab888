// Shared by the start, migrate, demo and test scripts: environment loading, the embedded
// PostgreSQL (PGlite served over the wire protocol) and migrations.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * `next start`'s arguments. Node closes an idle keep-alive socket after 5 s by default, and a
 * client (a proxy, a load balancer, Playwright's request context) that reuses it at that instant
 * gets "socket hang up". Keeping sockets longer than any client's pool (65 s, above the usual 60 s
 * of load balancers) makes the client the side that closes, so the race cannot happen.
 */
export const NEXT_START_ARGS = ["--keepAliveTimeout", "65000"];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether `npm start` builds before serving: no build yet, or sources changed since the last one. */
export function needsBuild({ force = false } = {}) {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (force || !existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return ["app", "components", "lib", "db", "public"].some(
    (d) => existsSync(path.join(root, d)) && newestMtime(path.join(root, d)) > built,
  );
}

export function loadDotEnv() {
  const file = path.join(root, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

export function dataDir() {
  const dir = path.resolve(root, process.env.KONVERSIO_DATA_DIR || ".data");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** AUTH_SECRET also keys credential encryption, so a generated one must survive restarts. */
export function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(dataDir(), "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the PGlite folder and serves it on a local port. PGlite has no lock of its own and a
 * second process writing the same folder silently loses rows, so we keep a pid lock file.
 */
export async function startEmbeddedPostgres({ dir = path.join(dataDir(), "pglite"), port, maxConnections = 64 } = {}) {
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, "konversio.lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is already open in process ${pid}. Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  // pg_trgm backs conversation search (migration 0002); PGlite loads extensions at open time.
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  const listenPort = port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: listenPort, maxConnections });
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${listenPort}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
      rmSync(lock, { force: true });
    },
  };
}

export async function migrate(databaseUrl) {
  const pg = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate: run } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.default.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await run(drizzle(pool), { migrationsFolder: path.join(root, "db/migrations") });
  } finally {
    await pool.end();
  }
}

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((p) => p && existsSync(p));
}
