// Setup file of the vitest `unit` project: a unit test that reaches for a database fails at once
// with the fix, instead of hanging on a connection or passing only where PostgreSQL happens to run.
import pg from "pg";

const refuse = () =>
  new Error("A unit test opened a database connection. Tests that need the database are integration tests: name the file *.int.test.ts.");

type Connect = (callback?: (err: Error) => void) => Promise<void> | undefined;
const connect: Connect = (callback) => {
  if (!callback) return Promise.reject(refuse());
  callback(refuse());
  return undefined;
};
Object.assign(pg.Client.prototype, { connect });
