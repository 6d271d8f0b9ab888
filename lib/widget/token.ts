import "server-only";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { safeEqual } from "@/lib/security/crypto";

/*
 * Visitor tokens: `<payload>.<signature>`, both base64url. The payload binds the inbox and the
 * visitor's contact-identity source id; the signature is an HMAC under a key derived from the app
 * secret, so the token lives in the host page's localStorage and needs no server-side session row.
 *
 * Stream tickets (GET /api/widget/events?ticket=) are the same construction under another
 * derived key: EventSource cannot send headers, so what travels in that URL — and lands in access
 * logs and proxies — is a ticket that expires within a minute, never the long-lived visitor token.
 * Separate keys mean neither is ever accepted as the other.
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
});
export type StreamTicketClaims = z.infer<typeof ticketSchema>;

export function issueStreamTicket(claims: Omit<StreamTicketClaims, "x">, now = Date.now()): string {
  const { i, s, h } = claims;
  return seal("widget-stream-ticket", { i, s, ...(h ? { h } : {}), x: Math.floor(now / 1000) + STREAM_TICKET_TTL_SECONDS });
}

/** The claims of an unexpired stream ticket this server signed, or null (forged, expired, a visitor token). */
export function readStreamTicket(ticket: string | null | undefined, now = Date.now()): StreamTicketClaims | null {
  const claims = open("widget-stream-ticket", ticket, ticketSchema);
  return claims && claims.x >= now / 1000 ? claims : null;
}

export const newAnonymousSourceId = () => `visitor:${randomBytes(16).toString("base64url")}`;
