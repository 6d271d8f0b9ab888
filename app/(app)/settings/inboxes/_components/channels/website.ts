import { hostOf } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { WebsiteSettings } from "./website-fields";
import { WebsiteHelp } from "./website-help";

export const websiteUi = defineChannelUi({
  setup: "embed",
  description: "Live chat on your website",
  detail: (config) => hostOf(config.websiteUrl) ?? "No website URL",
  generated: [
    {
      key: "websiteToken",
      label: "Website token",
      help: "Identifies this inbox's widget; it is part of the embed code.",
    },
    {
      key: "hmacToken",
      label: "HMAC token",
      help: "For identity verification: your backend signs each signed-in user's identifier with this token (identifierHash). Keep it on your server.",
      secret: true,
    },
  ],
  Settings: WebsiteSettings,
  Help: WebsiteHelp,
});
