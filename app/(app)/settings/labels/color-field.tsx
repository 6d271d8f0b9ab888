"use client";

import { Check } from "lucide-react";
import { useId } from "react";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LABEL_PALETTE } from "@/lib/labels/palette";

const HEX = /^#[0-9a-f]{6}$/i;

/** The palette as swatches plus a hex field for anything else; the hex field is what the form sends. */
export function ColorField({ value, onChange, error }: { value: string; onChange: (color: string) => void; error?: string }) {
  const id = useId();
  const valid = HEX.test(value);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`${id}-hex`}>Colour</Label>
      <div role="radiogroup" aria-label="Colour palette" className="flex flex-wrap gap-1.5">
        {LABEL_PALETTE.map((p) => {
          const checked = value.toLowerCase() === p.color;
          return (
            <button
              key={p.color}
              type="button"
              role="radio"
              aria-checked={checked}
              aria-label={p.name}
              title={p.name}
              onClick={() => onChange(p.color)}
              className={cn(
                "grid size-6 cursor-pointer place-items-center rounded-full ring-offset-2 ring-offset-raised transition-shadow",
                checked ? "ring-2 ring-fg-muted" : "hover:ring-2 hover:ring-border-strong",
              )}
              style={{ backgroundColor: p.color }}
            >
              {checked && <Check aria-hidden className="size-3.5 text-white" strokeWidth={3} />}
            </button>
          );
        })}
      </div>
      <div className="flex items-center gap-2">
        <span aria-hidden className="size-8 shrink-0 rounded-md border border-border" style={{ backgroundColor: valid ? value : "transparent" }} />
        <Input
          id={`${id}-hex`}
          name="color"
          value={value}
          onChange={(e) => onChange(e.target.value.trim())}
          maxLength={7}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="w-28 font-mono text-sm"
          placeholder="#3a8fd1"
        />
        <span className="text-xs text-fg-subtle">Or any colour as #rrggbb</span>
      </div>
      {error && (
        <p id={`${id}-error`} className="text-sm text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
}
