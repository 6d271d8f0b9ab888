import type { ChannelType } from "@/components/channel-icon";

/** Plain facts about each channel for pages (server or client); the form fields live in channel-fields.tsx. */
export type GeneratedValueMeta = {
  key: string;
  label: string;
  help: string;
  secret?: boolean;
  /** What regenerating it breaks, when the generic warning (signed requests rejected) is wrong. */
  regenerateWarning?: string;
};

type ChannelMeta = {
  /** One line on the "Add inbox" card. */
  description: string;
  /** One line under the inbox's name: the address, number or URL that identifies the connection. */
  detail(config: Record<string, unknown>): string;
  /** Values Konversio generates, in the order an integrator needs them. */
  generated: GeneratedValueMeta[];
  /**
   * Who finishes the connection: the admin's own code (default), the admin in the provider's
   * console (pasting the webhook URL), or nobody (Konversio registered the webhook itself).
   */
  setup?: "integration" | "provider-console" | "automatic" | "embed" | "mailbox";
};

const hostOf = (url: unknown) => {
  if (typeof url !== "string" || !url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const verifyToken = (where: string): GeneratedValueMeta => ({
  key: "verifyToken",
  label: "Verify token",
  help: `Paste it, with the webhook URL as the Callback URL, into ${where}. Meta sends it back once to confirm the subscription.`,
  secret: true,
  regenerateWarning:
    "Messages keep arriving: Meta uses the verify token only when you save the webhook subscription. Paste the new one into the Meta developer dashboard before you next edit it.",
});
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

export const channelMeta: Partial<Record<ChannelType, ChannelMeta>> = {
  website: {
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
  },
  email: {
    setup: "mailbox",
    description: "Answer mail to support@, sales@ or billing@ — read over IMAP, replies sent by SMTP",
    detail: (config) => (typeof config.email === "string" && config.email ? config.email : "No address"),
    generated: [],
  },
  api: {
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
  },
  line: {
    setup: "provider-console",
    description: "Chat with customers who add your LINE Official Account as a friend",
    detail: (config) => {
      const name = typeof config.botName === "string" ? config.botName : "";
      const basicId = typeof config.basicId === "string" ? config.basicId : "";
      if (name && basicId) return `${name} (${basicId})`;
      return name || basicId || (typeof config.channelId === "string" ? `Channel ${config.channelId}` : "");
    },
    generated: [],
  },
  telegram: {
    setup: "automatic",
    description: "Chat with customers who message your Telegram bot",
    detail: (config) => (typeof config.botUsername === "string" && config.botUsername ? `@${config.botUsername}` : "Telegram bot"),
    // The webhook secret token is generated too, but only Telegram needs it (setWebhook): nothing to show.
    generated: [],
  },
  sms: {
    setup: "provider-console",
    description: "Text messages to a Twilio or Bandwidth phone number",
    detail: (config) => {
      const provider = config.provider === "bandwidth" ? "Bandwidth" : "Twilio";
      if (typeof config.phoneNumber === "string" && config.phoneNumber) return `${provider} · ${config.phoneNumber}`;
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
  },
  // WhatsApp, Messenger and Instagram: Meta webhooks confirmed with a verify token.
  whatsapp: {
    setup: "provider-console",
    description: "WhatsApp Business through Meta's Cloud API",
    detail: (config) =>
      [str(config.displayPhoneNumber), str(config.verifiedName)].filter(Boolean).join(" · ") ||
      `Phone number ID ${str(config.phoneNumberId) ?? "not set"}`,
    generated: [verifyToken("your app's WhatsApp → Configuration → Webhook in the Meta developer dashboard")],
  },
  facebook: {
    setup: "provider-console",
    description: "Messages to your Facebook Page through Messenger",
    detail: (config) => str(config.pageName) ?? `Page ${str(config.pageId) ?? "not set"}`,
    generated: [verifyToken("your app's Messenger → Settings → Webhooks in the Meta developer dashboard")],
  },
  instagram: {
    setup: "provider-console",
    description: "Direct messages to your Instagram professional account",
    detail: (config) => (str(config.username) ? `@${config.username}` : `Account ${str(config.instagramId) ?? "not set"}`),
    generated: [verifyToken("your app's Instagram → Webhooks settings in the Meta developer dashboard")],
  },
};

export function channelDescription(type: string) {
  return channelMeta[type as ChannelType]?.description ?? "";
}

export function channelDetail(type: string, config: Record<string, unknown>) {
  return channelMeta[type as ChannelType]?.detail(config) ?? "";
}

export function generatedValues(type: string) {
  return channelMeta[type as ChannelType]?.generated ?? [];
}

/** "Webhook secret" → "webhook secret", but "HMAC token" stays: for labels used mid-sentence. */
export function inSentence(label: string) {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

export function channelSetup(type: string) {
  return channelMeta[type as ChannelType]?.setup ?? "integration";
}
