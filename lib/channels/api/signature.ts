import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../types";

export const SIGNATURE_HEADER = "x-konversio-signature";
export const TIMESTAMP_HEADER = "x-konversio-timestamp";
export const MAX_SKEW_SECONDS = 5 * 60;

/** `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + rawBody), as docs/architecture.md specifies. */
export function signBody(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac("sha256", secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `sha256=${mac.digest("hex")}`;
}

/** The inbound direction: the integrator signs with the inbox's HMAC token; a stale timestamp counts as a bad signature. */
export function verifyApiSignature(req: RawRequest, hmacToken: string): VerifyResult {
  const signature = req.headers.get(SIGNATURE_HEADER);
  const timestamp = req.headers.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) return { ok: false, message: "Missing X-Konversio-Signature or X-Konversio-Timestamp" };
  const ts = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - ts) > MAX_SKEW_SECONDS) {
    return { ok: false, message: "X-Konversio-Timestamp is missing, malformed or more than 5 minutes off" };
  }
  const expected = signBody(hmacToken, timestamp, req.body);
  return safeEqual(signature, expected) ? { ok: true } : { ok: false, message: "Signature does not match" };
}
