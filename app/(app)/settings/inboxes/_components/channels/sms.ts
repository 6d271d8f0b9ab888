import { filled } from "./config-values";
import { defineChannelUi } from "./define-channel-ui";
import { SmsCredentials, SmsSettings } from "./sms-fields";
import { SmsHelp } from "./sms-help";

export const smsUi = defineChannelUi({
  setup: "provider-console",
  description: "Text messages to a Twilio or Bandwidth phone number",
  detail: (config) => {
    const provider = config.provider === "bandwidth" ? "Bandwidth" : "Twilio";
    if (filled(config.phoneNumber)) return `${provider} · ${config.phoneNumber}`;
    return typeof config.messagingServiceSid === "string" ? `${provider} · Messaging Service ${config.messagingServiceSid}` : provider;
  },
  // Only Bandwidth inboxes carry these (Twilio signs its webhooks with the Auth Token instead).
  generated: [
    {
      key: "callbackUsername",
      label: "Callback user name",
      help: "In the Bandwidth App: Applications → your Messaging application → Callback credentials → User ID.",
    },
    {
      key: "callbackPassword",
      label: "Callback password",
      help: "The password next to it. Bandwidth sends both with every callback; Konversio refuses callbacks without them.",
      secret: true,
      regenerateWarning: "Bandwidth's callbacks are refused until the Bandwidth application sends the new credentials: update them there right away.",
    },
  ],
  Settings: SmsSettings,
  Credentials: SmsCredentials,
  Help: SmsHelp,
});
