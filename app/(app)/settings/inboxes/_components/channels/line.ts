import { text } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { LineCredentials, LineSettings } from "./line-fields";
import { LineHelp } from "./line-help";

export const lineUi = defineChannelUi({
  setup: "provider-console",
  description: "Chat with customers who add your LINE Official Account as a friend",
  detail: (config) => {
    const name = text(config.botName);
    const basicId = text(config.basicId);
    if (name && basicId) return `${name} (${basicId})`;
    return name || basicId || (typeof config.channelId === "string" ? `Channel ${config.channelId}` : "");
  },
  Settings: LineSettings,
  Credentials: LineCredentials,
  Help: LineHelp,
});
