import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/runtime.mjs";
import { queryOnce } from "./sql";

export type TestDbInfo = {
  /** "postgres": a server from TEST_DATABASE_URL, one database per test file. "pglite": one embedded database, wiped per file. */
  mode: "postgres" | "pglite";
  /** The server's connection string (its maintenance database in postgres mode). */
  url: string;
  /** Prefix shared by every database this run creates, so teardown can drop all of them. */
  runId: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

const query = queryOnce;

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString("hex");
  const serverUrl = process.env.TEST_DATABASE_URL;

  if (serverUrl) {
    try {
      await query(serverUrl, "select 1");
    } catch (e) {
      throw new Error(`TEST_DATABASE_URL (${serverUrl}) is not reachable: ${e instanceof Error ? e.message : e}`);
    }
    project.provide("testDb", { mode: "postgres", url: serverUrl, runId });
    // Each file drops its own database in afterAll; this catches files that crashed before that.
    return async () => {
      const { rows } = await query(serverUrl, "select datname from pg_database where datname like $1", [`konversio_t_${runId}_%`]);
      for (const { datname } of rows) await query(serverUrl, `drop database if exists "${datname}" with (force)`);
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), "konversio-vitest-"));
  const embedded = await startEmbeddedPostgres({ dir });
  project.provide("testDb", { mode: "pglite", url: embedded.url, runId });
  return async () => {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
