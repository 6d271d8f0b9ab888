import "server-only";
import { assertPublicUrl } from "@/lib/http/safe-fetch";
import type { Check } from "../types";
import type { ApiConfig } from "./schema";

/** Nothing to ask a provider: the only thing to check is that a callback URL is one we may call. */
export async function checkCallbackUrl(config: ApiConfig): Promise<Check> {
  if (!config.callbackUrl) return { ok: true };
  try {
    await assertPublicUrl(config.callbackUrl);
    return { ok: true };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : "Invalid callback URL" };
  }
}
