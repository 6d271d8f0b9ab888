import { isChannelType } from "@/components/channels/look";
import type { ChannelType } from "@/lib/channels/types";
import { apiUi } from "./channels/api";
import { defineChannelUi, type ChannelUi } from "./channels/define-channel-ui";
import { emailUi } from "./channels/email";
import { facebookUi } from "./channels/facebook";
import { instagramUi } from "./channels/instagram";
import { lineUi } from "./channels/line";
import { smsUi } from "./channels/sms";
import { telegramUi } from "./channels/telegram";
import { websiteUi } from "./channels/website";
import { whatsappUi } from "./channels/whatsapp";

/**
 * The inbox settings' record of every channel (one file each in channels/<type>.ts): a channel
 * added to CHANNEL_TYPES does not compile until it has one here, and a look in
 * components/channels/look.ts.
 */
const channelUis = {
  website: websiteUi,
  email: emailUi,
  api: apiUi,
  line: lineUi,
  telegram: telegramUi,
  sms: smsUi,
  whatsapp: whatsappUi,
  facebook: facebookUi,
  instagram: instagramUi,
} satisfies Record<ChannelType, ChannelUi>;

/** For a stored channel type this build no longer knows: no fields, no guide. */
const unknownChannel = defineChannelUi({ description: "", detail: () => "" });

export function channelUi(type: string): ChannelUi {
  return isChannelType(type) ? channelUis[type] : unknownChannel;
}
