import type { ReactNode } from "react";
import { CircleAlert } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** A form's non-field error, announced to screen readers when it appears. */
export function FormAlert({ title, children, className }: { title?: ReactNode; children?: ReactNode; className?: string }) {
  if (!children && !title) return null;
  return (
    <div role="alert" className={cn("flex items-start gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text", className)}>
      <CircleAlert aria-hidden className="mt-px size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <p className="break-words">{children}</p>}
      </div>
    </div>
  );
}
