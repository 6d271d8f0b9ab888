import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/input";

export type SelectProps = ComponentProps<"select"> & {
  /** Classes for the wrapper (width, margins); `className` goes to the <select>. */
  wrapperClassName?: string;
};

/** Native <select>: fast, accessible and works in plain forms. */
export function Select({ className, wrapperClassName, children, ...props }: SelectProps) {
  return (
    <div className={cn("relative w-full", wrapperClassName)}>
      <select className={cn(controlClass, "h-8 cursor-pointer appearance-none pr-8 pl-2.5", className)} {...props}>
        {children}
      </select>
      <ChevronDown
        aria-hidden
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-fg-subtle"
      />
    </div>
  );
}
