import "server-only";
import { unreachable } from "../shared/errors";
import type { Check } from "../types";
import { callBot, TelegramApiError } from "./client";
import { getMeResult, type TelegramSecrets } from "./schema";

/** getMe with the token: the bot's id is the connection key, its @username drives the detail line and the t.me link. */
export async function checkTelegram(secrets: TelegramSecrets): Promise<Check> {
  try {
    const me = await callBot(secrets.botToken, "getMe", getMeResult);
    return { ok: true, channelKey: `telegram:${me.id}`, facts: { botUsername: me.username || undefined } };
  } catch (e) {
    if (e instanceof TelegramApiError) {
      const hint = e.code === 401 || e.code === 404 ? " — the bot token is wrong or was revoked. Copy it again from @BotFather." : "";
      return { ok: false, message: `Telegram answered: ${e.description || `HTTP ${e.code}`}${hint}` };
    }
    return unreachable("Telegram", e);
  }
}
