import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

const variants = {
  neutral: "bg-hover text-fg-muted",
  accent: "bg-accent-soft text-accent-text",
  success: "bg-success-soft text-success-text",
  warning: "bg-warning-soft text-warning-text",
  danger: "bg-danger-soft text-danger-text",
  open: "bg-open-soft text-open-text",
  pending: "bg-pending-soft text-pending-text",
  snoozed: "bg-snoozed-soft text-snoozed-text",
  resolved: "bg-resolved-soft text-resolved-text",
} as const;

const dots: Record<BadgeVariant, string> = {
  neutral: "bg-fg-subtle",
  accent: "bg-accent",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
  open: "bg-open",
  pending: "bg-pending",
  snoozed: "bg-snoozed",
  resolved: "bg-resolved",
};

export type BadgeVariant = keyof typeof variants;

export type BadgeProps = ComponentProps<"span"> & {
  variant?: BadgeVariant;
  /** Leading coloured dot, for statuses. */
  dot?: boolean;
};

export function Badge({ variant = "neutral", dot, className, children, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex h-5 shrink-0 items-center gap-1.5 rounded-sm px-1.5 text-xs font-medium whitespace-nowrap tabular-nums",
        "[&_svg]:size-3 [&_svg]:shrink-0",
        variants[variant],
        className,
      )}
      {...props}
    >
      {dot && <span aria-hidden className={cn("size-1.5 rounded-full", dots[variant])} />}
      {children}
    </span>
  );
}
