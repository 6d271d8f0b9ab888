"use client";

import type { ComponentProps, ReactNode } from "react";
import Link from "next/link";
import { Tabs as TabsPrimitive } from "radix-ui";
import { cn } from "@/components/ui/cn";

const listClass = "flex items-center gap-1 border-b border-border";
const tabClass = cn(
  "relative -mb-px inline-flex h-9 cursor-pointer items-center gap-1.5 border-b-2 border-transparent px-2 text-base font-medium whitespace-nowrap text-fg-muted transition-colors",
  "hover:text-fg focus-ring-inset",
);
const activeClass = "border-accent text-fg";

export type TabNavItem = { href: string; label: ReactNode; active?: boolean; count?: number };

/** URL-driven tabs (settings pages): each tab is a link, so back/forward and deep links work. */
export function TabNav({ items, className, label = "Sections" }: { items: TabNavItem[]; className?: string; label?: string }) {
  return (
    <nav aria-label={label} className={cn(listClass, "overflow-x-auto", className)}>
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.active ? "page" : undefined}
          className={cn(tabClass, item.active && activeClass)}
        >
          {item.label}
          {item.count != null && <span className="text-xs text-fg-subtle tabular-nums">{item.count}</span>}
        </Link>
      ))}
    </nav>
  );
}

export const Tabs = TabsPrimitive.Root;

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List className={cn(listClass, className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(tabClass, "data-[state=active]:border-accent data-[state=active]:text-fg", className)}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content className={cn("pt-4", className)} {...props} />;
}
