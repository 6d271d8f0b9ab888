import "server-only";
import { safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../types";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * Telegram signs nothing; it echoes the `secret_token` we gave setWebhook in a header on every
 * update. Only Telegram (and this server) know it, so a match proves where the update came from.
 */
export function verifySecretToken(req: RawRequest, expected: string | undefined): VerifyResult {
  const got = req.headers.get(SECRET_HEADER);
  if (!got) return { ok: false, message: "Missing X-Telegram-Bot-Api-Secret-Token" };
  if (!expected) return { ok: false, message: "This inbox has no webhook secret token" };
  return safeEqual(got, expected) ? { ok: true } : { ok: false, message: "X-Telegram-Bot-Api-Secret-Token does not match" };
}
