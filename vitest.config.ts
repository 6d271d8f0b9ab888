import path from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
// PostgreSQL mode gives every test file its own database, so files may run in parallel; the
// embedded PGlite has exactly one database, which the files take turns to wipe and reuse.
const postgres = Boolean(process.env.TEST_DATABASE_URL);

// Integration tests are told apart by file name, so a test cannot land in the wrong project
// unnoticed: `*.int.test.ts` run against a real database (and Dovecot, for email); every other
// `*.test.ts` is a unit test (`unit`, or `client` for browser code), and those projects refuse
// database connections (e2e/support/unit-guard.ts).
const integration = "**/*.int.test.ts";
const exclude = [...configDefaults.exclude, "e2e/**", ".next/**", ".data/**", "test-results/**"];
// Browser code (components/) is tested as Next bundles it for the browser; everything else as
// Next runs it on the server, with the react-server condition, which also resolves `server-only`
// to its empty module, as in the node scripts (`node --conditions=react-server`). Vitest hands
// these conditions to its worker processes too.
const client = "components/**";
// Next's compiler also maps `next/navigation` to its react-server build on that layer; so do we.
const server = {
  resolve: { alias: [{ find: /^next\/navigation$/, replacement: "next/dist/api/navigation.react-server.js" }] },
  ssr: { resolve: { conditions: ["react-server", "module", "node", "development|production"] } },
};

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: root + "/" }],
  },
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        ...server,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...exclude, integration, client],
          setupFiles: ["e2e/support/unit-guard.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          include: ["components/**/*.test.ts"],
          exclude: [...exclude, integration],
          setupFiles: ["e2e/support/unit-guard.ts"],
        },
      },
      {
        extends: true,
        ...server,
        test: {
          name: "integration",
          include: [integration],
          exclude,
          globalSetup: ["e2e/support/vitest-global-setup.ts"],
          fileParallelism: postgres,
        },
      },
    ],
  },
});
