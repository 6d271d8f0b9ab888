import "server-only";
import { hmacHex, safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../types";

export const SIGNATURE_HEADER = "x-hub-signature-256";

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(appSecret, raw body)>`, compared in constant time. */
export function verifyMetaSignature(req: RawRequest, appSecret: unknown): VerifyResult {
  const header = req.headers.get(SIGNATURE_HEADER);
  if (!header) return { ok: false, message: "Missing X-Hub-Signature-256" };
  if (typeof appSecret !== "string" || !appSecret) return { ok: false, message: "This inbox has no app secret to check signatures with" };
  const expected = `sha256=${hmacHex("sha256", appSecret, req.body)}`;
  return safeEqual(header.trim().toLowerCase(), expected) ? { ok: true } : { ok: false, message: "X-Hub-Signature-256 does not match the app secret" };
}
