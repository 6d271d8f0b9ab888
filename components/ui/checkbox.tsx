import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  /** When given, the checkbox is wrapped in a clickable <label>. */
  label?: ReactNode;
  description?: ReactNode;
};

/** Native checkbox (submits with forms as-is), tinted with the accent. */
export function Checkbox({ label, description, className, ...props }: CheckboxProps) {
  const box = (
    <input
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded-sm accent-accent disabled:cursor-not-allowed disabled:opacity-50",
        label != null && "mt-0.5",
        className,
      )}
      {...props}
    />
  );
  if (label == null) return box;
  return (
    <label className="flex cursor-pointer items-start gap-2 has-disabled:cursor-not-allowed">
      {box}
      <span className="flex flex-col">
        <span className="text-base text-fg">{label}</span>
        {description && <span className="text-sm text-fg-muted">{description}</span>}
      </span>
    </label>
  );
}
