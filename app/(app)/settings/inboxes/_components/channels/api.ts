import { ApiSettings } from "./api-fields";
import { ApiHelp } from "./api-help";
import { hostOf } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";

export const apiUi = defineChannelUi({
  description: "Send messages from your own app or backend with signed HTTP requests",
  detail: (config) => {
    const host = hostOf(config.callbackUrl);
    return host ? `Callback to ${host}` : "No callback URL";
  },
  generated: [
    {
      key: "inboxIdentifier",
      label: "Inbox identifier",
      help: "Identifies this inbox; it is the last part of the webhook URL.",
    },
    {
      key: "hmacToken",
      label: "HMAC token",
      help: "Your backend signs every request to the webhook URL with this token.",
      secret: true,
    },
    {
      key: "webhookSecret",
      label: "Webhook secret",
      help: "Konversio signs the events it sends to your callback URL with this secret, so you can verify them.",
      secret: true,
      regenerateWarning: "Konversio signs callbacks with the new secret at once. Update your app's verification before or right after, or it will reject them.",
    },
  ],
  Settings: ApiSettings,
  Help: ApiHelp,
});
