import { describe, expect, it } from "vitest";
import { loadActor } from "@/lib/access/actor";
import { AppError } from "@/lib/errors";
import { setupTestDb } from "@/e2e/support/db";
import { TEST_PASSWORD } from "@/e2e/support/factories";
import { updateAgent } from "@/lib/users/agents";
import { checkCredentials } from "./credentials";
import { hashPassword, verifyPassword } from "./password";
import { issueLoginToken, regeneratePersonalToken, userIdForToken } from "./tokens";

const t = setupTestDb();

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("password hashing", () => {
  it("verifies the right password only, with a salted slow hash", async () => {
    const hash = await hashPassword("s3cret-pässword");
    expect(hash).toMatch(/^scrypt\$\d+\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain("s3cret");
    expect(await verifyPassword("s3cret-pässword", hash)).toBe(true);
    expect(await verifyPassword("s3cret-passwörd", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
    expect(await hashPassword("s3cret-pässword")).not.toBe(hash);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$a$b")).toBe(false);
  });
});

describe("checkCredentials", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const u = await t.makeAgent({ email: "mixed.case@test.konversio.test" });
    const ok = await checkCredentials(t.db, { email: "Mixed.Case@TEST.konversio.test", password: TEST_PASSWORD }, "10.0.0.1");
    expect(ok.id).toBe(u.id);
    expect(ok.sessionVersion).toBe(1);
  });

  it("rejects a wrong password, an unknown email and malformed input as unauthorized (401)", async () => {
    const u = await t.makeAgent();
    for (const input of [
      { email: u.email, password: "wrong password" },
      { email: "nobody@test.konversio.test", password: TEST_PASSWORD },
      { email: "not-an-email", password: TEST_PASSWORD },
      {},
    ]) {
      const e = await failure(checkCredentials(t.db, input, "10.0.0.2"));
      expect(e.code).toBe("unauthorized");
      expect(e.status).toBe(401);
      // The message never says which part was wrong.
      expect(e.message).toBe("Invalid email or password");
    }
  });

  it("rejects a deactivated user even with the right password", async () => {
    const u = await t.makeAgent();
    await updateAgent(t.db, await t.admin(), u.id, { active: false });
    const e = await failure(checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, "10.0.0.3"));
    expect(e.code).toBe("unauthorized");
  });

  it("rate-limits after 5 failures per email + IP, with retryAfterSeconds", async () => {
    const u = await t.makeAgent();
    const ip = "10.0.0.4";
    for (let i = 0; i < 5; i++) {
      expect((await failure(checkCredentials(t.db, { email: u.email, password: `bad-${i}` }, ip))).code).toBe("unauthorized");
    }
    // Even the right password is refused now, without being checked.
    const limited = await failure(checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, ip));
    expect(limited.code).toBe("rate_limited");
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // Keyed per email + IP: the same user elsewhere is not locked out.
    expect((await checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, "10.0.0.5")).id).toBe(u.id);
    // And the email is normalised before keying, so changing its case does not escape the limit.
    expect((await failure(checkCredentials(t.db, { email: u.email.toUpperCase(), password: TEST_PASSWORD }, ip))).code).toBe("rate_limited");
  });

  it("does not count successful sign-ins", async () => {
    const u = await t.makeAgent();
    const ip = "10.0.0.6";
    for (let i = 0; i < 4; i++) await failure(checkCredentials(t.db, { email: u.email, password: "nope" }, ip));
    for (let i = 0; i < 6; i++) expect((await checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, ip)).id).toBe(u.id);
    // The fifth failure is what trips the limit, not the successes in between.
    await failure(checkCredentials(t.db, { email: u.email, password: "nope" }, ip));
    expect((await failure(checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, ip))).code).toBe("rate_limited");
  });
});

describe("access tokens", () => {
  it("resolves a personal token to its user; regenerating invalidates the old one", async () => {
    const u = await t.makeAgent();
    const first = await regeneratePersonalToken(t.db, u.id);
    expect(first).toMatch(/^kv_/);
    expect(await userIdForToken(t.db, first)).toBe(u.id);
    const second = await regeneratePersonalToken(t.db, u.id);
    expect(second).not.toBe(first);
    expect(await userIdForToken(t.db, first)).toBeNull();
    expect(await userIdForToken(t.db, second)).toBe(u.id);
    expect(await userIdForToken(t.db, "kv_" + "x".repeat(43))).toBeNull();
    expect(await userIdForToken(t.db, "Bearer nonsense")).toBeNull();
  });

  it("revokes every token and session on deactivation, and they stay revoked after reactivation", async () => {
    const u = await t.makeAgent();
    const admin = await t.admin();
    const personal = await regeneratePersonalToken(t.db, u.id);
    const login = await issueLoginToken(t.db, u.id);
    expect(await userIdForToken(t.db, login)).toBe(u.id);
    expect(await loadActor(t.db, u.id, 1)).not.toBeNull();

    await updateAgent(t.db, admin, u.id, { active: false });
    expect(await userIdForToken(t.db, personal)).toBeNull();
    expect(await userIdForToken(t.db, login)).toBeNull();
    expect(await loadActor(t.db, u.id)).toBeNull();

    await updateAgent(t.db, admin, u.id, { active: true });
    expect(await userIdForToken(t.db, personal)).toBeNull();
    // The old session's version is stale; only a new sign-in works.
    expect(await loadActor(t.db, u.id, 1)).toBeNull();
    const fresh = await checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, "10.0.0.7");
    expect(await loadActor(t.db, u.id, fresh.sessionVersion)).not.toBeNull();
  });

  it("revokes tokens and sessions when an administrator resets the password", async () => {
    const u = await t.makeAgent();
    const token = await regeneratePersonalToken(t.db, u.id);
    await updateAgent(t.db, await t.admin(), u.id, { password: "a brand new password" });
    expect(await userIdForToken(t.db, token)).toBeNull();
    expect(await loadActor(t.db, u.id, 1)).toBeNull();
    const e = await failure(checkCredentials(t.db, { email: u.email, password: TEST_PASSWORD }, "10.0.0.8"));
    expect(e.code).toBe("unauthorized");
    expect((await checkCredentials(t.db, { email: u.email, password: "a brand new password" }, "10.0.0.8")).id).toBe(u.id);
  });
});
