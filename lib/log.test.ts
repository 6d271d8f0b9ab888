import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it, vi } from "vitest";
import { describeError, log, scrub } from "./log";

const HASH = "scrypt$32768$q1w2e3r4t5y6u7i8o9p0aa$Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA";
const TOKEN = "kv_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc";

function pgError(code: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`invalid input syntax for type uuid: "${TOKEN}"`), { code, severity: "ERROR", ...extra });
}

describe("describeError", () => {
  it("reduces a failed Drizzle query to its SQLSTATE and constraint, without parameters", () => {
    const e = new DrizzleQueryError("insert into users (email, password_hash) values ($1, $2)", ["a@b.c", HASH], pgError("23505", { constraint: "users_email_key" }));
    const words = describeError(e);
    expect(words).toBe("database error 23505 constraint users_email_key");
    expect(words).not.toContain(HASH);
  });

  it("names a connection failure without the statement", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5999"), { code: "ECONNREFUSED" });
    const words = describeError(new DrizzleQueryError("select $1", [TOKEN], cause));
    expect(words).toContain("database unreachable");
    expect(words).toContain("ECONNREFUSED");
    expect(words).not.toContain(TOKEN);
  });

  it("never quotes the input a syntax error carries", () => {
    let err: unknown;
    try {
      JSON.parse(`{"content": "secret words ${TOKEN}`);
    } catch (e) {
      err = e;
    }
    expect(describeError(err)).not.toMatch(/secret words|kv_/);
  });

  it("scrubs hashes, tokens and URL credentials from other messages, and keeps ids", () => {
    const id = "3f2b8c1e-9a7d-4e6f-8b5a-1c2d3e4f5a6b";
    const words = scrub(`inbox ${id}: Bearer ${TOKEN} failed, hash ${HASH}, postgresql://u:pw@db/x`);
    expect(words).toContain(id);
    expect(words).not.toContain(TOKEN);
    expect(words).not.toContain(HASH);
    expect(words).not.toContain("pw@");
  });
});

describe("log", () => {
  it("writes one line with the scope and the safe words; unexpected errors carry frames, not the message", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    log.unexpected("api", "POST /api/v1/agents failed", new TypeError(`bad ${TOKEN}`));
    const line = String(spy.mock.calls[0]![0]);
    spy.mockRestore();
    expect(line.startsWith("[api] POST /api/v1/agents failed: TypeError: bad [redacted]")).toBe(true);
    expect(line).toMatch(/\n\s+at /);
    expect(line).not.toContain(TOKEN);
  });
});
