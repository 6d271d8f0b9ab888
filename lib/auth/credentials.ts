import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { LOGIN_LIMIT, recordAttempt, retryAfter } from "@/lib/security/rate-limit";
import { loginSchema } from "./credentials.schema";
import { burnPasswordCheck, verifyPassword } from "./password";


export type LoginResult = { id: string; sessionVersion: number };

/**
 * Checks email + password for both the login form and POST /api/v1/auth/token.
 * Only failures count towards the per email+IP limit, so a user who types correctly is never throttled.
 */
export async function checkCredentials(db: DbOrTx, input: unknown, ip: string): Promise<LoginResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw new AppError("unauthorized", "Invalid email or password");
  const { email, password } = parsed.data;
  const key = `login:${email}:${ip}`;
  const wait = await retryAfter(db, key, LOGIN_LIMIT);
  if (wait > 0) {
    throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, undefined, wait);
  }
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email));
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok || !user.active) {
    await recordAttempt(db, key, LOGIN_LIMIT);
    throw new AppError("unauthorized", "Invalid email or password");
  }
  return { id: user.id, sessionVersion: user.sessionVersion };
}
