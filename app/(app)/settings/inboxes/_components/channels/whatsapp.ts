import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { WhatsappCredentials, WhatsappSettings } from "./meta-fields";
import { WhatsappHelp } from "./meta-help";
import { verifyToken } from "./meta-verify-token";

export const whatsappUi = defineChannelUi({
  setup: "provider-console",
  description: "WhatsApp Business through Meta's Cloud API",
  detail: (config) =>
    [filled(config.displayPhoneNumber), filled(config.verifiedName)].filter(Boolean).join(" · ") ||
    `Phone number ID ${filled(config.phoneNumberId) ?? "not set"}`,
  generated: [verifyToken("your app's WhatsApp → Configuration → Webhook in the Meta developer dashboard")],
  Settings: WhatsappSettings,
  Credentials: WhatsappCredentials,
  Help: WhatsappHelp,
});
