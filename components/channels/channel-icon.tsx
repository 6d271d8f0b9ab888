import { cn } from "@/components/ui/cn";
import type { ChannelType } from "@/lib/channels/types";
import { channelLook } from "./look";

const sizes = {
  xs: "size-4 rounded-xs [&_svg]:size-2.5",
  sm: "size-5 rounded-sm [&_svg]:size-3",
  md: "size-6 rounded-md [&_svg]:size-3.5",
  lg: "size-9 rounded-lg [&_svg]:size-5",
} as const;

export type ChannelIconProps = {
  type: ChannelType | (string & {});
  size?: keyof typeof sizes;
  /** Hide from assistive tech when the channel name is printed next to it. */
  decorative?: boolean;
  className?: string;
};

export function ChannelIcon({ type, size = "md", decorative, className }: ChannelIconProps) {
  const { label, icon: Icon, tint } = channelLook(type);
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
