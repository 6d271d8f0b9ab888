import "server-only";
import { PermanentDeliveryError } from "../types";
import type { TelegramApiError } from "./client";

export const REVOKED_TOKEN = "Telegram rejected the bot token — it may have been revoked. Update it in the inbox's Configuration tab.";

/**
 * A Bot API refusal of a send, in words an agent can act on. Every TelegramApiError is a 4xx
 * (callBot turned 5xx and 429 into TransientDeliveryError already), so none is worth retrying.
 */
export function sendRefusal(e: TelegramApiError): PermanentDeliveryError {
  const d = e.description.toLowerCase();
  if (e.code === 401) return new PermanentDeliveryError(REVOKED_TOKEN, { credentials: true });
  if (e.code === 403 && d.includes("blocked")) return new PermanentDeliveryError("The customer blocked the bot, so Telegram refused the message.");
  if (e.code === 403 && d.includes("deactivated")) return new PermanentDeliveryError("The customer's Telegram account was deleted, so the message could not be delivered.");
  if (e.code === 400 && d.includes("chat not found")) {
    return new PermanentDeliveryError("Telegram no longer knows this chat (chat not found): the customer may have deleted it or never started the bot.");
  }
  if (e.code === 404) return new PermanentDeliveryError("Telegram does not recognise this bot (404 Not Found). Check the bot token in the inbox's Configuration tab.", { credentials: true });
  return new PermanentDeliveryError(`Telegram refused the message: ${e.description || `HTTP ${e.code}`}`);
}

/** The same refusals for downloads and profile look-ups, where the wording is about the file or the contact. */
export function fetchRefusal(e: TelegramApiError, what: string): PermanentDeliveryError {
  if (e.code === 401) return new PermanentDeliveryError(REVOKED_TOKEN, { credentials: true });
  if (e.description.toLowerCase().includes("file is too big")) {
    return new PermanentDeliveryError("The file is larger than 20 MB, the most a Telegram bot may download, so it was not stored. Ask the customer to send a smaller file or a link.");
  }
  return new PermanentDeliveryError(`Telegram refused to give ${what}: ${e.description || `HTTP ${e.code}`}`);
}
