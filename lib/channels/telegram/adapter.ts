import "server-only";
import { randomToken } from "@/lib/security/crypto";
import { defineChannel } from "../define";
import { PermanentDeliveryError } from "../types";
import { checkTelegram } from "./check";
import { botIdOf } from "./client";
import { fetchTelegramFile } from "./media";
import { parseUpdate } from "./parse";
import { fetchTelegramProfile } from "./profile";
import {
  telegramConfigSchema,
  telegramInputSchema,
  telegramSecretsSchema,
  type TelegramGenerated,
  type TelegramSecrets,
} from "./schema";
import { sendTelegram } from "./send";
import { verifySecretToken } from "./signature";
import { moveWebhook, registerWebhook, unregisterWebhook } from "./registration";

const tokenOf = (secrets: Partial<TelegramSecrets>) => {
  if (!secrets.botToken) throw new PermanentDeliveryError("This inbox has no bot token any more.");
  return secrets.botToken;
};

/**
 * Telegram bots (Bot API). One inbox = one bot: the webhook is registered with setWebhook on
 * creation, moved when the token changes and removed on deletion; private chats become
 * conversations. Telegram sends no delivery receipts, so replies stay "sent".
 */
export const telegramAdapter = defineChannel({
  type: "telegram",
  inputSchema: telegramInputSchema,
  secretFields: ["botToken"],
  configSchema: telegramConfigSchema,
  secretsSchema: telegramSecretsSchema,
  // Telegram echoes it in X-Telegram-Bot-Api-Secret-Token; base64url fits its A-Za-z0-9_- alphabet.
  // Nobody pastes it anywhere, and a new one would need setWebhook again: not regenerable.
  generate: (): TelegramGenerated => ({ secretToken: randomToken(32) }),
  // Only Telegram needs it (setWebhook sends it back on every update); admins never paste it anywhere.
  internalGenerated: ["secretToken"],

  checkCredentials: (_config, secrets) => checkTelegram(secrets),

  onCreate: (inbox) => registerWebhook(inbox),
  onUpdate: (before, after) => moveWebhook(before, after),
  onDelete: (inbox) => unregisterWebhook(tokenOf(inbox.secrets)),

  webhook: {
    verify: (req, inbox) => verifySecretToken(req, inbox.generated.secretToken),
    parse: (req, inbox) => parseUpdate(req.body, botIdOf(inbox.secrets.botToken ?? "")),
  },

  fetchMedia: (ref, inbox) => fetchTelegramFile(tokenOf(inbox.secrets), ref),
  fetchProfile: (sourceId, inbox) => fetchTelegramProfile(tokenOf(inbox.secrets), sourceId),
  send: (message, inbox) => sendTelegram(tokenOf(inbox.secrets), message),
});
