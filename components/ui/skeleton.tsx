import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** Placeholder block; size it with className (e.g. "h-4 w-32"). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-hover", className)} {...props} />;
}
