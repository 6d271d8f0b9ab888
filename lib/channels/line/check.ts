import "server-only";
import type { Check } from "../types";
import { isTransientStatus, unreachable } from "../shared/errors";
import { bearer, TIMEOUTS } from "../shared/http";
import { apiBase, describe, lineFetch, PROVIDER, readLineError } from "./client";
import { botInfoSchema, type LineConfig, type LineSecrets } from "./schema";

/**
 * Asks LINE who the channel access token belongs to (`GET /v2/bot/info`). The bot's user id is the
 * connection's identity: it is what webhooks name as `destination`, it comes from LINE rather than
 * from what the admin typed, and two inboxes on one LINE channel would be two agents answering
 * the same customers. The channel secret has no API to check it: a wrong one shows as LINE's
 * "Verify" button failing (our webhook answers 401), which the integration guide points out.
 * The bot's ids and name are returned as facts, stored with the settings.
 */
export async function checkLineCredentials(config: LineConfig, secrets: LineSecrets): Promise<Check> {
  let res: Response;
  try {
    res = await lineFetch(`${apiBase()}/v2/bot/info`, { headers: bearer(secrets.channelAccessToken), timeoutMs: TIMEOUTS.check });
  } catch (e) {
    return unreachable(PROVIDER, e);
  }
  if (!res.ok) {
    const err = await readLineError(res);
    if (isTransientStatus(res.status)) {
      return { ok: false, message: `LINE could not check the credentials right now (HTTP ${res.status}: ${describe(err)}). Try again in a minute.` };
    }
    return { ok: false, message: describe(err) };
  }
  const info = botInfoSchema.safeParse(await res.json().catch(() => null));
  if (!info.success) return { ok: false, message: "LINE answered the bot info request with something unexpected. Try again in a minute." };
  return {
    ok: true,
    channelKey: `line:${info.data.userId}`,
    facts: { botUserId: info.data.userId, basicId: info.data.basicId, botName: info.data.displayName },
  };
}
