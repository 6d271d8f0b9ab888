import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { safeEqual } from "@/lib/security/crypto";

/*
 * Visitor tokens: `<payload>.<signature>`, both base64url. The payload binds the inbox and the
 * visitor's contact-identity source id; the signature is an HMAC under a key derived from the app
 * secret, so the token lives in the host page's localStorage and needs no server-side session row.
 *
 * Stream tickets (GET /api/widget/events?ticket=): EventSource cannot send headers, so what
 * travels in that URL — and lands in access logs and proxies — is a ticket, never the long-lived
 * visitor token. A ticket is encrypted (AES-256-GCM under its own derived key, so a log shows
 * nothing of who the visitor is), expires within a minute, and opens one stream only (its nonce
 * is recorded when used, session.ts). Separate keys mean neither is ever accepted as the other.
 */

const MAX_TOKEN_LENGTH = 2048;

type Purpose = "widget-visitor-token" | "widget-stream-ticket";

const cached = new Map<Purpose, { secret: string; key: Buffer }>();

function signingKey(purpose: Purpose): Buffer {
  const e = env();
  const secret = e.KONVERSIO_SECRET_KEY ?? e.AUTH_SECRET;
  let hit = cached.get(purpose);
  if (hit?.secret !== secret) {
    hit = { secret, key: Buffer.from(hkdfSync("sha256", secret, "konversio", purpose, 32)) };
    cached.set(purpose, hit);
  }
  return hit.key;
}

const sign = (purpose: Purpose, payload: string) => createHmac("sha256", signingKey(purpose)).update(`v1.${payload}`).digest("base64url");

function seal(purpose: Purpose, claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${sign(purpose, payload)}`;
}

/** The claims of a token this server signed for `purpose`, or null for anything else (forged, truncated, garbage, other purpose). */
function open<T>(purpose: Purpose, token: string | null | undefined, schema: z.ZodType<T>): T | null {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length) return null;
  if (!safeEqual(signature, sign(purpose, payload))) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const identity = {
  /** inbox id */
  i: z.string().min(1).max(64),
  /** contact identity source id: `visitor:<random>` or `user:<identifier>` */
  s: z.string().min(1).max(300),
  /** fingerprint of the inbox HMAC token a verified identity was proven with */
  h: z.string().max(64).optional(),
};

const payloadSchema = z.object({
  ...identity,
  n: z.string().max(255).optional(),
  e: z.string().max(320).optional(),
  /** issued at, unix seconds */
  t: z.number().int(),
});
export type VisitorClaims = z.infer<typeof payloadSchema>;

export function issueVisitorToken(claims: Omit<VisitorClaims, "t">): string {
  return seal("widget-visitor-token", { ...claims, t: Math.floor(Date.now() / 1000) });
}

/** The claims of a visitor token this server signed, or null for anything else (forged, truncated, garbage, a stream ticket). */
export function readVisitorToken(token: string | null | undefined): VisitorClaims | null {
  return open("widget-visitor-token", token, payloadSchema);
}

/** Long enough for the widget to open its stream right after asking; a reconnect asks again. */
export const STREAM_TICKET_TTL_SECONDS = 60;

// Only what the stream needs: the visitor's name and email would end up in access logs.
const ticketSchema = z.object({
  ...identity,
  /** expires at, unix seconds */
  x: z.number().int(),
  /** nonce: recorded when the ticket is used, so it opens one stream only */
  u: z.string().min(16).max(64),
});
export type StreamTicketClaims = z.infer<typeof ticketSchema>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function issueStreamTicket(claims: Pick<StreamTicketClaims, "i" | "s" | "h">, now = Date.now()): string {
  const { i, s, h } = claims;
  const plain = JSON.stringify({ i, s, ...(h ? { h } : {}), x: Math.floor(now / 1000) + STREAM_TICKET_TTL_SECONDS, u: randomBytes(16).toString("base64url") });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", signingKey("widget-stream-ticket"), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The claims of an unexpired stream ticket this server issued, or null (forged, altered, expired, a visitor token). */
export function readStreamTicket(ticket: string | null | undefined, now = Date.now()): StreamTicketClaims | null {
  if (!ticket || ticket.length > MAX_TOKEN_LENGTH) return null;
  const raw = Buffer.from(ticket, "base64url");
  // Only the exact encoding we issued: base64 decoders skip stray characters and spare bits.
  if (raw.length <= IV_BYTES + TAG_BYTES || raw.toString("base64url") !== ticket) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", signingKey("widget-stream-ticket"), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    const parsed = ticketSchema.safeParse(JSON.parse(plain));
    return parsed.success && parsed.data.x >= now / 1000 ? parsed.data : null;
  } catch {
    return null; // not ours, or altered: GCM's tag check failed
  }
}

export const newAnonymousSourceId = () => `visitor:${randomBytes(16).toString("base64url")}`;
