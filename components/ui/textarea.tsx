import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/input";

export function Textarea({ className, rows = 3, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea rows={rows} className={cn(controlClass, "block resize-y px-2.5 py-1.5 read-only:bg-canvas", className)} {...props} />
  );
}
