import type { GeneratedValueMeta } from "./define-channel-ui";

/** WhatsApp, Messenger and Instagram: Meta confirms the webhook subscription with a verify token. */
export const verifyToken = (where: string): GeneratedValueMeta => ({
  key: "verifyToken",
  label: "Verify token",
  help: `Paste it, with the webhook URL as the Callback URL, into ${where}. Meta sends it back once to confirm the subscription.`,
  secret: true,
  regenerateWarning:
    "Messages keep arriving: Meta uses the verify token only when you save the webhook subscription. Paste the new one into the Meta developer dashboard before you next edit it.",
});
