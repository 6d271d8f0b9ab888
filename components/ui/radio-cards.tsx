import { useId } from "react";
import { cn } from "@/components/ui/cn";

export type RadioCardOption<T extends string> = { value: T; label: string; description?: string };

/**
 * A set of radio buttons drawn as cards (or, compact, as a two-way switch); native inputs, so
 * keyboard (arrow keys within the group) and forms work as usual. Give it a `name` so the inputs
 * form one group.
 */
export function RadioCards<T extends string>(props: {
  legend: string;
  name?: string;
  value: T;
  onChange: (v: T) => void;
  options: RadioCardOption<T>[];
  compact?: boolean;
  disabled?: boolean;
  /** A message under the cards (e.g. the server's field error). */
  error?: string;
}) {
  const errorId = useId();
  return (
    <fieldset className="flex flex-col gap-1.5" disabled={props.disabled} aria-describedby={props.error ? errorId : undefined}>
      <legend className="pb-1.5 text-sm font-medium text-fg">{props.legend}</legend>
      <div className={props.compact ? "flex flex-wrap gap-2" : "grid gap-2 sm:grid-cols-2"}>
        {props.options.map((o) => (
          <label
            key={o.value}
            className={cn(
              "flex cursor-pointer gap-2.5 rounded-md border border-border-strong bg-surface transition-colors hover:bg-hover has-checked:border-accent has-checked:bg-accent-soft",
              "has-disabled:cursor-not-allowed has-disabled:opacity-60",
              props.compact ? "items-center px-3 py-1.5" : "items-start px-3 py-2.5",
              props.error && "border-danger",
            )}
          >
            <input
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
              className={cn("size-4 shrink-0 cursor-pointer accent-accent disabled:cursor-not-allowed", !props.compact && "mt-0.5")}
            />
            <span className="flex flex-col gap-0.5">
              <span className="text-base font-medium text-fg">{o.label}</span>
              {o.description && <span className="text-sm text-fg-muted">{o.description}</span>}
            </span>
          </label>
        ))}
      </div>
      {props.error && <p id={errorId} className="text-sm text-danger-text">{props.error}</p>}
    </fieldset>
  );
}
