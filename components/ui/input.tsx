import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** Shared by Input, Textarea and Select so every control looks the same. */
export const controlClass = cn(
  "w-full rounded-md border border-border-strong bg-surface text-base text-fg transition-colors",
  "placeholder:text-fg-subtle hover:border-fg-disabled",
  "focus-visible:border-accent focus-visible:outline-offset-[-1px]",
  "aria-invalid:border-danger aria-invalid:focus-visible:outline-danger",
  "disabled:cursor-not-allowed disabled:bg-hover disabled:text-fg-subtle",
);

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return <input type={type} className={cn(controlClass, "h-8 px-2.5 read-only:bg-canvas", className)} {...props} />;
}
