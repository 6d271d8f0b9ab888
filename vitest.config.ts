import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
// PostgreSQL mode gives every test file its own database, so files may run in parallel; the
// embedded PGlite has exactly one database, which the files take turns to wipe and reuse.
const postgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: root + "/" },
      { find: /^server-only$/, replacement: path.join(root, "lib/test/empty.ts") },
    ],
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["e2e/**", "**/node_modules/**", ".next/**", ".data/**", "test-results/**"],
    globalSetup: ["lib/test/global-setup.ts"],
    fileParallelism: postgres,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
