import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { getDb, getPool, type Db } from "@/db/client";
import { getBoss, stopBoss } from "@/lib/jobs/queue";
import { migrate } from "../../scripts/runtime.mjs";
import { factories, type Factories } from "./factories";
import { requireIntegrationProject } from "./integration-only";
import { queryOnce } from "./sql";

export const TEST_AUTH_SECRET = "konversio-test-auth-secret-0123456789";
export const TEST_APP_URL = "http://localhost:3999";

type Listener = { removeAllListeners(): void; end(): Promise<void> };
const singletons = globalThis as unknown as {
  __konversioDb?: unknown;
  __konversioBoss?: unknown;
  __konversioBus?: { listener?: Promise<Listener | null> };
  __konversioRules?: unknown;
};

const run = (url: string, text: string) => queryOnce(url, text);

/**
 * pg's Pool.end() resolves before its sockets have closed; give them a moment so FORCE does not
 * have to kill them (which only produces noisy "terminating connection" logs), then drop.
 */
async function dropDatabase(serverUrl: string, name: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = "/" + name;
  return u.toString();
}

export type TestDb = { readonly db: Db; readonly url: string } & Factories;

/**
 * Gives the calling test file a migrated, empty database and points the app's singletons
 * (getDb, getBoss) at it. Use as `const t = setupTestDb()` in a `*.int.test.ts` file and read `t.db` inside tests/hooks
 * (it exists once beforeAll has run).
 */
export function setupTestDb(): TestDb {
  requireIntegrationProject("setupTestDb()");
  let db: Db | undefined;
  let url = "";
  let ownDatabase: { server: string; name: string } | undefined;

  const ctx = {
    get db() {
      if (!db) throw new Error("setupTestDb(): the database is ready only inside tests and hooks");
      return db;
    },
    get url() {
      return url;
    },
    ...factories(() => ctx.db),
  } as TestDb;

  beforeAll(async () => {
    const info = inject("testDb");
    if (info.mode === "postgres") {
      const name = `konversio_t_${info.runId}_${randomBytes(4).toString("hex")}`;
      await run(info.url, `create database "${name}"`);
      ownDatabase = { server: info.url, name };
      url = withDatabase(info.url, name);
      delete process.env.KONVERSIO_EMBEDDED_DB;
    } else {
      // One PGlite database for the whole run: files run one at a time and each starts from nothing.
      await run(
        info.url,
        "drop schema if exists pgboss cascade; drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;",
      );
      url = info.url;
      process.env.KONVERSIO_EMBEDDED_DB = "1";
    }
    await migrate(url);

    Object.assign(process.env, {
      DATABASE_URL: url,
      AUTH_SECRET: TEST_AUTH_SECRET,
      APP_URL: TEST_APP_URL,
      KONVERSIO_ALLOW_PRIVATE_URLS: "1",
      KONVERSIO_WORKER: "0",
    });
    delete process.env.KONVERSIO_SECRET_KEY;
    // A worker process may be reused between files: never inherit another file's pool or queue.
    singletons.__konversioDb = undefined;
    singletons.__konversioBoss = undefined;
    db = getDb();
    // Start the queue before any test opens a transaction, as the app's bootstrap does: enqueue()
    // would otherwise start pg-boss from inside the caller's transaction, which on the embedded
    // PGlite (one backend, transactions serialise connections) waits for itself forever.
    await getBoss();
  });

  afterAll(async () => {
    await stopBoss();
    // The realtime bus's LISTEN connection, if a test opened an event stream.
    const listener = await singletons.__konversioBus?.listener?.catch(() => null);
    if (listener && singletons.__konversioBus) {
      singletons.__konversioBus.listener = undefined;
      listener.removeAllListeners();
      await listener.end().catch(() => {});
    }
    // The next file starts a bus and a rules cache of its own, listening on its own database.
    singletons.__konversioBus = undefined;
    singletons.__konversioRules = undefined;
    if (db) await getPool().end().catch(() => {});
    singletons.__konversioDb = undefined;
    db = undefined;
    if (ownDatabase) await dropDatabase(ownDatabase.server, ownDatabase.name);
  });

  return ctx;
}
