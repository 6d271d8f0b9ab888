import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { EmailCredentials, EmailSettings } from "./email-fields";

export const emailUi = defineChannelUi({
  setup: "mailbox",
  description: "Answer mail to support@, sales@ or billing@ — read over IMAP, replies sent by SMTP",
  detail: (config) => filled(config.email) ?? "No address",
  Settings: EmailSettings,
  Credentials: EmailCredentials,
});
