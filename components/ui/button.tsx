import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";

const variants = {
  primary: "bg-accent text-accent-fg hover:bg-accent-hover",
  secondary: "border border-border-strong bg-surface text-fg hover:bg-hover",
  ghost: "text-fg-muted hover:bg-hover hover:text-fg",
  danger: "bg-danger text-danger-fg hover:bg-danger-hover",
} as const;

const sizes = {
  sm: "h-7 gap-1 rounded-md px-2 text-sm [&_svg]:size-3.5",
  md: "h-8 gap-1.5 rounded-md px-3 text-base [&_svg]:size-4",
  icon: "size-8 rounded-md [&_svg]:size-4",
  "icon-sm": "size-7 rounded-md [&_svg]:size-3.5",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** Classes for things that should look like a button but aren't one (e.g. a `<Link>`). */
export function buttonVariants({
  variant = "secondary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cn(
    "relative inline-flex shrink-0 cursor-pointer select-none items-center justify-center font-medium whitespace-nowrap transition-colors",
    "disabled:cursor-not-allowed disabled:not-aria-busy:opacity-50 aria-busy:cursor-wait",
    "aria-disabled:pointer-events-none aria-disabled:opacity-50",
    "[&_svg]:shrink-0",
    variants[variant],
    sizes[size],
    className,
  );
}

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Keeps the button's width and swaps its content for a spinner. */
  loading?: boolean;
};

export function Button({
  variant,
  size,
  loading = false,
  disabled,
  className,
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={buttonVariants({ variant, size, className })}
      {...props}
    >
      {loading ? (
        <>
          {/* Transparent rather than hidden so the width and the accessible name stay. */}
          <span className="inline-flex items-center gap-[inherit] opacity-0">{children}</span>
          <span className="absolute inset-0 flex items-center justify-center">
            <Spinner size="sm" label={null} />
          </span>
        </>
      ) : (
        children
      )}
    </button>
  );
}
