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
import { cn } from "@/components/ui/cn";
import { CHANNEL_TYPES, type ChannelType } from "@/lib/channels/types";

export type { ChannelType };

// Tile = channel colour at low opacity, glyph = channel colour (tokens --color-ch-*).
const channels: Record<ChannelType, { label: string; icon: LucideIcon; tint: string }> = {
  website: { label: "Website", icon: Globe, tint: "bg-ch-website/12 text-ch-website" },
  email: { label: "Email", icon: Mail, tint: "bg-ch-email/12 text-ch-email" },
  whatsapp: { label: "WhatsApp", icon: MessageCircle, tint: "bg-ch-whatsapp/12 text-ch-whatsapp" },
  telegram: { label: "Telegram", icon: Send, tint: "bg-ch-telegram/12 text-ch-telegram" },
  api: { label: "API", icon: Webhook, tint: "bg-ch-api/12 text-ch-api" },
  facebook: { label: "Facebook Messenger", icon: MessageCircleMore, tint: "bg-ch-facebook/12 text-ch-facebook" },
  instagram: { label: "Instagram", icon: Camera, tint: "bg-ch-instagram/12 text-ch-instagram" },
  line: { label: "LINE", icon: MessageSquareText, tint: "bg-ch-line/12 text-ch-line" },
  sms: { label: "SMS", icon: Smartphone, tint: "bg-ch-sms/12 text-ch-sms" },
};

const fallback = { label: "Channel", icon: MessageSquare, tint: "bg-hover text-fg-muted" };

const sizes = {
  xs: "size-4 rounded-xs [&_svg]:size-2.5",
  sm: "size-5 rounded-sm [&_svg]:size-3",
  md: "size-6 rounded-md [&_svg]:size-3.5",
  lg: "size-9 rounded-lg [&_svg]:size-5",
} as const;

function lookup(type: string) {
  return (channels as Record<string, typeof fallback>)[type] ?? fallback;
}

export function isChannelType(type: string): type is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(type);
}

export function channelLabel(type: ChannelType | (string & {})) {
  return lookup(type).label;
}

export type ChannelIconProps = {
  type: ChannelType | (string & {});
  size?: keyof typeof sizes;
  /** Hide from assistive tech when the channel name is printed next to it. */
  decorative?: boolean;
  className?: string;
};

export function ChannelIcon({ type, size = "md", decorative, className }: ChannelIconProps) {
  const { label, icon: Icon, tint } = lookup(type);
  const a11y = decorative ? { "aria-hidden": true } : { role: "img", "aria-label": label };
  return (
    <span
      {...a11y}
      title={decorative ? undefined : label}
      className={cn("inline-flex shrink-0 items-center justify-center", tint, sizes[size], className)}
    >
      <Icon aria-hidden strokeWidth={2.25} />
    </span>
  );
}
