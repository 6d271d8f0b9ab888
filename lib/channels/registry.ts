import "server-only";
import { apiAdapter } from "./api/adapter";
import { emailAdapter } from "./email/adapter";
import { facebookAdapter } from "./facebook/adapter";
import { instagramAdapter } from "./instagram/adapter";
import { lineAdapter } from "./line/adapter";
import { smsAdapter } from "./sms/adapter";
import { telegramAdapter } from "./telegram/adapter";
import type { ChannelAdapter, ChannelType } from "./types";
import { websiteAdapter } from "./website/adapter";
import { whatsappAdapter } from "./whatsapp/adapter";

/** Every channel type and its adapter: a type added to CHANNEL_TYPES does not compile until it has one here. */
const adapters = {
  website: websiteAdapter,
  email: emailAdapter,
  whatsapp: whatsappAdapter,
  telegram: telegramAdapter,
  api: apiAdapter,
  facebook: facebookAdapter,
  instagram: instagramAdapter,
  line: lineAdapter,
  sms: smsAdapter,
} satisfies { [T in ChannelType]: ChannelAdapter<T> };

/** The adapter of a channel type; undefined for a string that names none (a URL segment, an old row). */
export function getAdapter(type: string): ChannelAdapter | undefined {
  return Object.hasOwn(adapters, type) ? adapters[type as ChannelType] : undefined;
}

/** Where the "Add inbox" screen shows each channel: the most common first, the API last. */
const DISPLAY_RANK: Record<ChannelType, number> = {
  website: 0,
  email: 1,
  whatsapp: 2,
  facebook: 3,
  instagram: 4,
  telegram: 5,
  line: 6,
  sms: 7,
  api: 8,
};

/** The channel types the "Add inbox" screen offers, in display order. */
export function builtChannelTypes(): ChannelType[] {
  return (Object.keys(adapters) as ChannelType[]).sort((a, b) => DISPLAY_RANK[a] - DISPLAY_RANK[b]);
}
