import "server-only";
import { safeEqual } from "@/lib/security/crypto";
import type { RawRequest, VerifyResult } from "../../types";
import type { SmsGenerated } from "../schema";

/**
 * Bandwidth sends the callback user name and password set on its application as HTTP Basic on
 * every callback; they must be the pair Konversio generated for this inbox. Both halves are
 * compared (constant-time) whatever the first one says.
 */
export function verifyBandwidth(req: RawRequest, generated: Partial<SmsGenerated>): VerifyResult {
  const header = req.headers.get("authorization");
  const match = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match) return { ok: false, message: "Missing HTTP Basic callback credentials" };
  if (!generated.callbackUsername || !generated.callbackPassword) return { ok: false, message: "This inbox has no callback credentials" };
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  const userOk = safeEqual(user, generated.callbackUsername);
  const passwordOk = safeEqual(password, generated.callbackPassword);
  return userOk && passwordOk ? { ok: true } : { ok: false, message: "The callback user name or password is wrong" };
}
