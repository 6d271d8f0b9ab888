"use client";

import type { ChannelType } from "@/components/channel-icon";
import { ApiSettings } from "./channels/api-fields";
import { LineCredentials, LineSettings } from "./channels/line-fields";
import { TelegramCredentials } from "./channels/telegram-fields";
import { SmsCredentials, SmsSettings } from "./channels/sms-fields";
import { FacebookCredentials, FacebookSettings } from "./channels/facebook-fields";
import { InstagramCredentials, InstagramSettings } from "./channels/instagram-fields";
import { EmailCredentials, EmailSettings } from "./channels/email-fields";
import type { ChannelForm } from "./channels/types";
import { WebsiteSettings } from "./channels/website-fields";
import { WhatsappCredentials, WhatsappSettings } from "./channels/whatsapp-fields";

export type { ChannelFieldsProps } from "./channels/types";

/** One entry per built channel; each channel's fields live in channels/<type>-fields.tsx. */
export const channelForms: Partial<Record<ChannelType, ChannelForm>> = {
  website: { Settings: WebsiteSettings },
  api: { Settings: ApiSettings },
  line: { Settings: LineSettings, Credentials: LineCredentials },
  telegram: { Credentials: TelegramCredentials },
  sms: { Settings: SmsSettings, Credentials: SmsCredentials },
  whatsapp: { Settings: WhatsappSettings, Credentials: WhatsappCredentials },
  facebook: { Settings: FacebookSettings, Credentials: FacebookCredentials },
  instagram: { Settings: InstagramSettings, Credentials: InstagramCredentials },
  email: { Settings: EmailSettings, Credentials: EmailCredentials },
};

export function channelForm(type: string): ChannelForm {
  return channelForms[type as ChannelType] ?? {};
}
