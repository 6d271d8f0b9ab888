"use client";

import type { ComponentProps, ReactNode } from "react";
import { Tooltip as TooltipPrimitive } from "radix-ui";
import { cn } from "@/components/ui/cn";

export const TooltipProvider = TooltipPrimitive.Provider;

export type TooltipProps = {
  /** The trigger; must be a single focusable element that accepts a ref (e.g. Button). */
  children: ReactNode;
  content: ReactNode;
  /** Keyboard shortcut shown after the text, e.g. "E". */
  shortcut?: string;
  side?: ComponentProps<typeof TooltipPrimitive.Content>["side"];
  align?: ComponentProps<typeof TooltipPrimitive.Content>["align"];
  delayDuration?: number;
  className?: string;
};

/** Each tooltip brings its own provider so it works anywhere without app-level setup. */
export function Tooltip({
  children,
  content,
  shortcut,
  side = "top",
  align = "center",
  delayDuration = 400,
  className,
}: TooltipProps) {
  return (
    <TooltipPrimitive.Provider delayDuration={delayDuration}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            align={align}
            sideOffset={6}
            className={cn(
              "z-50 flex max-w-64 items-center gap-2 rounded-md bg-inverse px-2 py-1 text-sm text-inverse-fg",
              "shadow-popover data-[state=delayed-open]:animate-fade-in",
              className,
            )}
          >
            {content}
            {shortcut && (
              <kbd className="rounded-sm bg-inverse-fg/15 px-1 font-sans text-xs">{shortcut}</kbd>
            )}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
