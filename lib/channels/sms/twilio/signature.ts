import "server-only";
import { safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../../types";
import type { TwilioSecrets } from "../schema";
import { TWILIO_SIGNATURE_HEADER, twilioSignature } from "./sign";

/**
 * Checks X-Twilio-Signature before anything is read from the request. The signature covers the
 * form parameters, so the raw body is split into name/value pairs here — and used for nothing else.
 * `req.url` is the webhook URL rebuilt from APP_URL: the address Twilio was told to call.
 */
export function verifyTwilio(req: RawRequest, secrets: Partial<TwilioSecrets>): VerifyResult {
  const signature = req.headers.get(TWILIO_SIGNATURE_HEADER);
  if (!signature) return { ok: false, message: "Missing X-Twilio-Signature" };
  if (!secrets.authToken) return { ok: false, message: "This inbox has no Twilio Auth Token" };
  const params = new URLSearchParams(req.body.toString("utf8"));
  const expected = twilioSignature(secrets.authToken, req.url, params);
  return safeEqual(signature.trim(), expected) ? { ok: true } : { ok: false, message: "X-Twilio-Signature does not match" };
}
