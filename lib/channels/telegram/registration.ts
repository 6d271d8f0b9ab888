import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { TransientDeliveryError, type InboxContext } from "../types";
import { botIdOf, callBot, TelegramApiError } from "./client";
import type { TelegramConfig, TelegramGenerated, TelegramSecrets } from "./schema";
import { log } from "@/lib/log";

type Ctx = InboxContext<TelegramConfig, TelegramSecrets, TelegramGenerated>;

/** The updates an inbox uses; Telegram then does not even send the rest (callback queries, member changes…). */
export const ALLOWED_UPDATES = ["message", "edited_message"] as const;

/**
 * Points the bot at this inbox's webhook URL with its secret token. A refusal (Telegram only
 * accepts public HTTPS URLs on ports 443, 80, 88 or 8443) is shown to the admin as it is, and
 * the creation or change is undone.
 */
export async function registerWebhook(inbox: Ctx): Promise<void> {
  try {
    await callBot(inbox.secrets.botToken, "setWebhook", z.literal(true), {
      url: inbox.webhookUrl,
      secret_token: inbox.generated.secretToken,
      allowed_updates: ALLOWED_UPDATES,
    });
  } catch (e) {
    if (e instanceof TelegramApiError) throw new AppError("credentials_rejected", `Telegram refused to register the webhook: ${e.description}`);
    if (e instanceof TransientDeliveryError) throw new AppError("credentials_rejected", `${e.message}. Nothing was saved; try again in a moment.`);
    throw e;
  }
}

export async function unregisterWebhook(token: string): Promise<void> {
  await callBot(token, "deleteWebhook", z.literal(true), {});
}

/** A new token for another bot: release the old bot (best effort: it may be revoked) and register the new one. */
export async function moveWebhook(before: Ctx, after: Ctx): Promise<void> {
  const old = before.secrets.botToken;
  if (old && botIdOf(old) !== botIdOf(after.secrets.botToken)) {
    await unregisterWebhook(old).catch((e) => log.warn("telegram", `inbox ${before.id}: could not remove the old bot's webhook`, e));
  }
  await registerWebhook(after);
}
