import "server-only";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { safeEqual } from "@/lib/security/crypto";

/*
 * Visitor tokens: `<payload>.<signature>`, both base64url. The payload binds the inbox and the
 * visitor's contact-identity source id; the signature is an HMAC under a key derived from the app
 * secret, so the token lives in the host page's localStorage and needs no server-side session row.
 */

const MAX_TOKEN_LENGTH = 2048;

let cached: { secret: string; key: Buffer } | undefined;

function signingKey(): Buffer {
  const e = env();
  const secret = e.KONVERSIO_SECRET_KEY ?? e.AUTH_SECRET;
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "konversio", "widget-visitor-token", 32)) };
  }
  return cached.key;
}

const sign = (payload: string) => createHmac("sha256", signingKey()).update(`v1.${payload}`).digest("base64url");

const payloadSchema = z.object({
  /** inbox id */
  i: z.string().min(1).max(64),
  /** contact identity source id: `visitor:<random>` or `user:<identifier>` */
  s: z.string().min(1).max(300),
  /** fingerprint of the inbox HMAC token a verified identity was proven with */
  h: z.string().max(64).optional(),
  n: z.string().max(255).optional(),
  e: z.string().max(320).optional(),
  /** issued at, unix seconds */
  t: z.number().int(),
});
export type VisitorClaims = z.infer<typeof payloadSchema>;

export function issueVisitorToken(claims: Omit<VisitorClaims, "t">): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, t: Math.floor(Date.now() / 1000) })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The claims of a token this server signed, or null for anything else (forged, truncated, garbage). */
export function readVisitorToken(token: string | null | undefined): VisitorClaims | null {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length) return null;
  if (!safeEqual(signature, sign(payload))) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const newAnonymousSourceId = () => `visitor:${randomBytes(16).toString("base64url")}`;
