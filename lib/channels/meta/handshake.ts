import "server-only";
import { randomToken, safeEqual } from "@/lib/security/crypto";
import type { HandshakeResult } from "../types";

/** What Konversio generates for every Meta inbox: the token the admin pastes next to the Callback URL. */
export type MetaGenerated = { verifyToken: string };

export const generateMetaValues = (): MetaGenerated => ({ verifyToken: randomToken(24) });

/**
 * Meta's subscription check: `hub.mode=subscribe`, our verify token, and a challenge to echo as
 * plain text. Anything else is 403, so nobody can confirm a subscription without the token.
 */
export function metaHandshake(query: URLSearchParams, verifyToken: string | undefined): HandshakeResult {
  const mode = query.get("hub.mode");
  const token = query.get("hub.verify_token");
  const challenge = query.get("hub.challenge");
  if (mode !== "subscribe" || !token || !verifyToken || !challenge || challenge.length > 256) {
    return { status: 403, body: "Verification failed" };
  }
  if (!safeEqual(token, verifyToken)) return { status: 403, body: "Verification failed: the verify token does not match" };
  return { status: 200, body: challenge };
}
