"use client";

import { Check } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { Choice } from "./choices";

type Props = {
  choices: Choice[];
  value: string[];
  onChange: (value: string[]) => void;
  label: string;
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
};

/** A few fixed values (statuses, priorities, channels) as toggle chips: one click each, no search needed. */
export function ChoiceChips({ choices, value, onChange, label, id, ...aria }: Props) {
  const toggle = (c: string) => onChange(value.includes(c) ? value.filter((v) => v !== c) : [...value, c]);
  const invalid = aria["aria-invalid"] === true || aria["aria-invalid"] === "true";
  return (
    <div id={id} role="group" aria-label={label} aria-describedby={aria["aria-describedby"]} className="flex flex-wrap gap-1">
      {choices.map((c) => {
        const on = value.includes(c.id);
        return (
          <button
            key={c.id}
            type="button"
            aria-pressed={on}
            onClick={() => toggle(c.id)}
            className={cn(
              "inline-flex h-7 cursor-pointer items-center gap-1 rounded-md border px-2 text-sm transition-colors",
              on ? "border-accent bg-accent-soft text-accent-text" : "border-border-strong bg-surface text-fg-muted hover:bg-hover hover:text-fg",
              invalid && !on && "border-danger/60",
            )}
          >
            {on && <Check aria-hidden className="size-3.5" />}
            {c.label}
          </button>
        );
      })}
    </div>
  );
}
