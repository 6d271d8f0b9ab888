import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { FacebookCredentials, FacebookSettings } from "./meta-fields";
import { FacebookHelp } from "./meta-help";
import { verifyToken } from "./meta-verify-token";

export const facebookUi = defineChannelUi({
  setup: "provider-console",
  description: "Messages to your Facebook Page through Messenger",
  detail: (config) => filled(config.pageName) ?? `Page ${filled(config.pageId) ?? "not set"}`,
  generated: [verifyToken("your app's Messenger → Settings → Webhooks in the Meta developer dashboard")],
  Settings: FacebookSettings,
  Credentials: FacebookCredentials,
  Help: FacebookHelp,
});
