import type { ChannelType } from "@/components/channel-icon";

/** Plain facts about each channel for pages (server or client); the form fields live in channel-fields.tsx. */
export type GeneratedValueMeta = { key: string; label: string; help: string; secret?: boolean };

type ChannelMeta = {
  /** One line on the "Add inbox" card. */
  description: string;
  /** One line under the inbox's name: the address, number or URL that identifies the connection. */
  detail(config: Record<string, unknown>): string;
  /** Values Konversio generates, in the order an integrator needs them. */
  generated: GeneratedValueMeta[];
};

const hostOf = (url: unknown) => {
  if (typeof url !== "string" || !url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export const channelMeta: Partial<Record<ChannelType, ChannelMeta>> = {
  website: {
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
  api: {
    description: "Send messages from your own app or backend with signed HTTP requests.",
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
      },
    ],
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
