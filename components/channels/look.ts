import {
  Camera,
  Globe,
  Mail,
  MessageCircle,
  MessageCircleMore,
  MessageSquare,
  MessageSquareText,
  Send,
  Smartphone,
  Webhook,
  type LucideIcon,
} from "lucide-react";
import { CHANNEL_TYPES, type ChannelType } from "@/lib/channels/types";

/**
 * How a channel is recognised anywhere in the app: its name, glyph and tint. Kept apart from the
 * settings' per-channel record (app/(app)/settings/inboxes/_components/channel-ui.ts) so the
 * workspace bundle does not carry the inbox forms.
 */
export type ChannelLook = { label: string; icon: LucideIcon; tint: string };

// Tile = channel colour at low opacity, glyph = channel colour (tokens --color-ch-*).
const looks = {
  website: { label: "Website", icon: Globe, tint: "bg-ch-website/12 text-ch-website" },
  email: { label: "Email", icon: Mail, tint: "bg-ch-email/12 text-ch-email" },
  whatsapp: { label: "WhatsApp", icon: MessageCircle, tint: "bg-ch-whatsapp/12 text-ch-whatsapp" },
  telegram: { label: "Telegram", icon: Send, tint: "bg-ch-telegram/12 text-ch-telegram" },
  api: { label: "API", icon: Webhook, tint: "bg-ch-api/12 text-ch-api" },
  facebook: { label: "Facebook Messenger", icon: MessageCircleMore, tint: "bg-ch-facebook/12 text-ch-facebook" },
  instagram: { label: "Instagram", icon: Camera, tint: "bg-ch-instagram/12 text-ch-instagram" },
  line: { label: "LINE", icon: MessageSquareText, tint: "bg-ch-line/12 text-ch-line" },
  sms: { label: "SMS", icon: Smartphone, tint: "bg-ch-sms/12 text-ch-sms" },
} satisfies Record<ChannelType, ChannelLook>;

/** For a stored channel type this build no longer knows. */
const unknownLook: ChannelLook = { label: "Channel", icon: MessageSquare, tint: "bg-hover text-fg-muted" };

export function isChannelType(type: string): type is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(type);
}

export function channelLook(type: string): ChannelLook {
  return isChannelType(type) ? looks[type] : unknownLook;
}

export function channelLabel(type: string) {
  return channelLook(type).label;
}
