"use client";

import type { ComponentProps, ReactNode } from "react";
import { DropdownMenu as Menu } from "radix-ui";
import { Check } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** Non-modal by default: the page is not aria-hidden while a menu is open (axe flags that). */
export function DropdownMenu({ modal = false, ...props }: ComponentProps<typeof Menu.Root>) {
  return <Menu.Root modal={modal} {...props} />;
}
export const DropdownMenuTrigger = Menu.Trigger;
export const DropdownMenuRadioGroup = Menu.RadioGroup;

/** Shared by menus and popovers. */
export const floatingClass =
  "z-50 rounded-lg border border-border bg-raised text-fg shadow-popover data-[state=open]:animate-pop-in";

const itemClass = cn(
  "relative flex h-8 cursor-pointer select-none items-center gap-2 rounded-md px-2 text-base outline-none",
  "data-highlighted:bg-hover data-disabled:pointer-events-none data-disabled:opacity-50",
  "[&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-fg-subtle",
);

export function DropdownMenuContent({
  className,
  sideOffset = 4,
  align = "start",
  ...props
}: ComponentProps<typeof Menu.Content>) {
  return (
    <Menu.Portal>
      <Menu.Content
        sideOffset={sideOffset}
        align={align}
        className={cn(
          floatingClass,
          "max-h-(--radix-dropdown-menu-content-available-height) min-w-44 overflow-y-auto p-1",
          className,
        )}
        {...props}
      />
    </Menu.Portal>
  );
}

export type DropdownMenuItemProps = ComponentProps<typeof Menu.Item> & {
  icon?: ReactNode;
  shortcut?: string;
  destructive?: boolean;
};

export function DropdownMenuItem({
  icon,
  shortcut,
  destructive,
  className,
  children,
  asChild,
  ...props
}: DropdownMenuItemProps) {
  const classes = cn(itemClass, destructive && "text-danger-text [&_svg]:text-danger-text", className);
  // A slotted child (e.g. a Link) must be the item's only child, so it gets no extra wrappers.
  if (asChild) {
    return (
      <Menu.Item asChild className={classes} {...props}>
        {children}
      </Menu.Item>
    );
  }
  return (
    <Menu.Item
      className={cn(itemClass, destructive && "text-danger-text [&_svg]:text-danger-text", className)}
      {...props}
    >
      {icon}
      <span className="min-w-0 flex-1 truncate">{children}</span>
      {shortcut && <kbd className="font-sans text-xs text-fg-subtle">{shortcut}</kbd>}
    </Menu.Item>
  );
}

export function DropdownMenuRadioItem({ className, children, ...props }: ComponentProps<typeof Menu.RadioItem>) {
  return (
    <Menu.RadioItem className={cn(itemClass, "pl-8", className)} {...props}>
      <Menu.ItemIndicator className="absolute left-2 flex">
        <Check aria-hidden />
      </Menu.ItemIndicator>
      {children}
    </Menu.RadioItem>
  );
}

export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof Menu.Label>) {
  return <Menu.Label className={cn("px-2 pt-1.5 pb-1 text-xs font-medium text-fg-subtle", className)} {...props} />;
}

export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof Menu.Separator>) {
  return <Menu.Separator className={cn("-mx-1 my-1 h-px bg-border", className)} {...props} />;
}

