import { Children, cloneElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";

type ControlProps = {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  required?: boolean;
};

export type FieldProps = {
  label: ReactNode;
  /** A single control (Input, Select, Textarea, MultiSelect…); it receives id and aria wiring. */
  children: ReactElement<ControlProps>;
  help?: ReactNode;
  error?: string;
  required?: boolean;
  /** Optional hint shown next to the label, e.g. "Optional". */
  hint?: ReactNode;
  className?: string;
};

export function Field({ label, children, help, error, required, hint, className }: FieldProps) {
  const autoId = useId();
  const control = Children.only(children);
  const id = control.props.id ?? `${autoId}-control`;
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy =
    [control.props["aria-describedby"], errorId, helpId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>
          {label}
          {required && (
            <span aria-hidden className="ml-0.5 text-danger-text">
              *
            </span>
          )}
        </Label>
        {hint && <span className="text-xs text-fg-subtle">{hint}</span>}
      </div>
      {cloneElement(control, {
        id,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : control.props["aria-invalid"],
        required: required ?? control.props.required,
      })}
      {error && (
        <p id={errorId} className="text-sm text-danger-text">
          {error}
        </p>
      )}
      {help && (
        <p id={helpId} className="text-sm text-fg-muted">
          {help}
        </p>
      )}
    </div>
  );
}
