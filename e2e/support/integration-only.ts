import { inject } from "vitest";

/**
 * Fails a test file that uses a server harness (database, mail servers) outside the vitest
 * `integration` project, whose global setup is what provides the database.
 */
export function requireIntegrationProject(harness: string) {
  if (!inject("testDb")) throw new Error(`${harness} runs only in the integration project: name this file *.int.test.ts.`);
}
