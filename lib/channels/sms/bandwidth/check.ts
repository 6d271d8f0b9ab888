import "server-only";
import { unreachable } from "../../shared/errors";
import { providerFetch } from "../../shared/http";
import type { Check } from "../../types";
import type { BandwidthConfig, BandwidthSecrets } from "../schema";
import { BANDWIDTH, bandwidthAuth, readBandwidthError, userPath } from "./client";

/** GET /users/<accountId>/messages?limit=1 (List Messages pages with `limit`) answers 200 only for API credentials of that account. */
export async function checkBandwidth(config: BandwidthConfig, secrets: BandwidthSecrets): Promise<Check> {
  try {
    const res = await providerFetch(BANDWIDTH, `${userPath(config.accountId)}/messages?limit=1`, {
      headers: { authorization: bandwidthAuth(secrets), accept: "application/json" },
    });
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true, channelKey: `sms:bandwidth:${config.phoneNumber}` };
    }
    const words = await readBandwidthError(res);
    if (res.status === 401) return { ok: false, message: `Bandwidth refused the API token or secret: ${words}` };
    if (res.status === 403) return { ok: false, message: `Bandwidth refused access to account ${config.accountId} with these credentials: ${words}` };
    if (res.status === 404) return { ok: false, message: `Bandwidth has no messaging account ${config.accountId}: ${words}` };
    return { ok: false, message: `Bandwidth answered HTTP ${res.status}: ${words}` };
  } catch (e) {
    return unreachable(BANDWIDTH, e);
  }
}
