import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { TelegramCredentials } from "./telegram-fields";
import { TelegramHelp } from "./telegram-help";

export const telegramUi = defineChannelUi({
  setup: "automatic",
  description: "Chat with customers who message your Telegram bot",
  detail: (config) => (filled(config.botUsername) ? `@${config.botUsername}` : "Telegram bot"),
  // The webhook secret token is generated too, but only Telegram needs it (setWebhook): nothing to show.
  Credentials: TelegramCredentials,
  Help: TelegramHelp,
});
