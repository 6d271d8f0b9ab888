"use client";

import type { ComponentProps, ReactNode } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";
import { cn } from "@/components/ui/cn";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

const widths = { sm: "max-w-sm", md: "max-w-lg", lg: "max-w-2xl" } as const;

export type DialogContentProps = Omit<ComponentProps<typeof DialogPrimitive.Content>, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  size?: keyof typeof widths;
  hideClose?: boolean;
};

export function DialogContent({
  title,
  description,
  size = "md",
  hideClose,
  className,
  children,
  ...props
}: DialogContentProps) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-overlay data-[state=open]:animate-fade-in" />
      <DialogPrimitive.Content
        // Radix warns when there is no description; opting out explicitly is the documented way.
        {...(description ? {} : { "aria-describedby": undefined })}
        className={cn(
          "fixed top-[12vh] left-1/2 z-50 flex max-h-[76vh] w-[calc(100vw-2rem)] -translate-x-1/2 flex-col",
          "rounded-xl border border-border bg-raised text-fg shadow-dialog data-[state=open]:animate-pop-in",
          widths[size],
          className,
        )}
        {...props}
      >
        <div className="flex items-start gap-3 px-5 pt-4 pb-3">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <DialogPrimitive.Title className="text-lg font-semibold">{title}</DialogPrimitive.Title>
            {description && (
              <DialogPrimitive.Description className="text-base text-fg-muted">
                {description}
              </DialogPrimitive.Description>
            )}
          </div>
          {!hideClose && (
            <DialogPrimitive.Close
              aria-label="Close"
              className="-mr-1.5 grid size-7 shrink-0 cursor-pointer place-items-center rounded-md text-fg-subtle hover:bg-hover hover:text-fg"
            >
              <X aria-hidden className="size-4" />
            </DialogPrimitive.Close>
          )}
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-5 pb-4">{children}</div>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** Right-aligned action row; place it as the last child of DialogContent (or of a <form> inside it). */
export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn("-mx-5 -mb-4 mt-4 flex justify-end gap-2 border-t border-border px-5 py-3", className)}
      {...props}
    />
  );
}
