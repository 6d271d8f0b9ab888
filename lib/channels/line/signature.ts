import "server-only";
import { hmacBase64, safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../types";

export const SIGNATURE_HEADER = "x-line-signature";

/** `X-Line-Signature` = base64(HMAC-SHA256(channel secret, raw body)), compared in constant time. */
export function verifyLineSignature(req: Pick<RawRequest, "headers" | "body">, channelSecret: string | undefined): VerifyResult {
  const signature = req.headers.get(SIGNATURE_HEADER);
  if (!signature) return { ok: false, message: "Missing X-Line-Signature" };
  if (!channelSecret) return { ok: false, message: "This inbox has no channel secret" };
  const expected = hmacBase64("sha256", channelSecret, req.body);
  return safeEqual(signature.trim(), expected) ? { ok: true } : { ok: false, message: "X-Line-Signature does not match the channel secret" };
}
