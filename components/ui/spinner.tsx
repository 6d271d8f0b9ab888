import { LoaderCircle } from "lucide-react";
import { cn } from "@/components/ui/cn";

const sizes = { sm: "size-3.5", md: "size-4", lg: "size-6" } as const;

export type SpinnerProps = {
  size?: keyof typeof sizes;
  /** Announced to screen readers; pass null when the surrounding control already says it is busy. */
  label?: string | null;
  className?: string;
};

export function Spinner({ size = "md", label = "Loading", className }: SpinnerProps) {
  return (
    <span role={label ? "status" : undefined} className={cn("inline-flex text-current", className)}>
      <LoaderCircle aria-hidden className={cn("animate-spin", sizes[size])} />
      {label && <span className="sr-only">{label}</span>}
    </span>
  );
}
