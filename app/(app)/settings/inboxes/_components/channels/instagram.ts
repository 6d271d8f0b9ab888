import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { InstagramCredentials, InstagramSettings } from "./meta-fields";
import { InstagramHelp } from "./meta-help";
import { verifyToken } from "./meta-verify-token";

export const instagramUi = defineChannelUi({
  setup: "provider-console",
  description: "Direct messages to your Instagram professional account",
  detail: (config) => (filled(config.username) ? `@${config.username}` : `Account ${filled(config.instagramId) ?? "not set"}`),
  generated: [verifyToken("your app's Instagram → Webhooks settings in the Meta developer dashboard")],
  Settings: InstagramSettings,
  Credentials: InstagramCredentials,
  Help: InstagramHelp,
});
