import "server-only";
import { apiAdapter } from "./api/adapter";
import { lineAdapter } from "./line/adapter";
import { telegramAdapter } from "./telegram/adapter";
import { smsAdapter } from "./sms/adapter";
import { facebookAdapter } from "./facebook/adapter";
import { instagramAdapter } from "./instagram/adapter";
import { emailAdapter } from "./email/adapter";
import { websiteAdapter } from "./website/adapter";
import { whatsappAdapter } from "./whatsapp/adapter";
import type { ChannelAdapter, ChannelType } from "./types";

/** The channel types that are built; the "Add inbox" screen offers exactly these. */
const adapters: Partial<Record<ChannelType, ChannelAdapter>> = {
  website: websiteAdapter,
  api: apiAdapter,
  line: lineAdapter,
  telegram: telegramAdapter,
  sms: smsAdapter,
  whatsapp: whatsappAdapter,
  facebook: facebookAdapter,
  instagram: instagramAdapter,
  email: emailAdapter,
};

export function getAdapter(type: string): ChannelAdapter | undefined {
  return adapters[type as ChannelType];
}

/** The order the "Add inbox" screen shows channels in: the most common first, the API last. */
const DISPLAY_ORDER: ChannelType[] = ["website", "email", "whatsapp", "facebook", "instagram", "telegram", "line", "sms", "api"];

export function builtChannelTypes(): ChannelType[] {
  return DISPLAY_ORDER.filter((type) => adapters[type]);
}
