import "server-only";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessTokens } from "@/db/schema";
import { randomToken, sha256Hex } from "@/lib/security/crypto";

const PREFIX = "kv_";
const LOGIN_TOKEN_DAYS = 30;

function newToken() {
  const token = PREFIX + randomToken(32);
  return { token, tokenHash: sha256Hex(token), hint: token.slice(-4) };
}

/** Replaces the user's personal access token; the plain token is returned once and never stored. */
export async function regeneratePersonalToken(db: DbOrTx, userId: string): Promise<string> {
  const t = newToken();
  await db.delete(accessTokens).where(and(eq(accessTokens.userId, userId), eq(accessTokens.kind, "personal")));
  await db.insert(accessTokens).values({ userId, kind: "personal", tokenHash: t.tokenHash, hint: t.hint });
  return t.token;
}

export async function issueLoginToken(db: DbOrTx, userId: string): Promise<string> {
  const t = newToken();
  await db.insert(accessTokens).values({
    userId,
    kind: "login",
    tokenHash: t.tokenHash,
    hint: t.hint,
    expiresAt: new Date(Date.now() + LOGIN_TOKEN_DAYS * 86400_000),
  });
  return t.token;
}

export async function personalTokenInfo(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ hint: accessTokens.hint, createdAt: accessTokens.createdAt, lastUsedAt: accessTokens.lastUsedAt })
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), eq(accessTokens.kind, "personal")));
  return row ?? null;
}

/** The user id behind a bearer token, if it is known and unexpired. */
export async function userIdForToken(db: DbOrTx, token: string): Promise<string | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const [row] = await db
    .select({ id: accessTokens.id, userId: accessTokens.userId, lastUsedAt: accessTokens.lastUsedAt })
    .from(accessTokens)
    .where(
      and(
        eq(accessTokens.tokenHash, sha256Hex(token)),
        or(isNull(accessTokens.expiresAt), gt(accessTokens.expiresAt, new Date())),
      ),
    );
  if (!row) return null;
  // Touch at most once a minute so busy integrations do not write on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(accessTokens).set({ lastUsedAt: new Date() }).where(eq(accessTokens.id, row.id));
  }
  return row.userId;
}

export async function revokeAllTokens(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(accessTokens).where(eq(accessTokens.userId, userId));
}
