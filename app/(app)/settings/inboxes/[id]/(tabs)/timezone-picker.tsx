"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Check, Globe } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/input";

/** Every zone the browser knows (IANA names), UTC first; read once, when the picker first opens. */
let zones: string[] | undefined;
function allZones(): string[] {
  zones ??= ["UTC", ...(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []).filter((z) => z !== "UTC")];
  return zones;
}

/** "UTC+01:00" now in `zone`, so "Berlin" and "Paris" are told apart from "London" at a glance. */
function offsetLabel(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
    return part?.value === "GMT" ? "UTC" : (part?.value.replace("GMT", "UTC") ?? "");
  } catch {
    return "";
  }
}

const MAX_SHOWN = 60;

type Props = {
  value: string;
  onChange: (zone: string) => void;
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
};

/** A searchable list of time zones (combobox): type "new y" or "berlin", arrows to move, Enter to choose. */
export function TimezonePicker({ value, onChange, id, "aria-describedby": describedBy, "aria-invalid": invalid }: Props) {
  const listId = `${useId()}-zones`;
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const open = query !== null;

  const matches = useMemo(() => {
    if (query === null) return [];
    const words = query.toLowerCase().replace(/[_/]/g, " ").split(/\s+/).filter(Boolean);
    return allZones()
      .filter((z) => {
        const name = z.toLowerCase().replace(/[_/]/g, " ");
        return words.every((w) => name.includes(w));
      })
      .slice(0, MAX_SHOWN);
  }, [query]);

  function choose(zone: string) {
    onChange(zone);
    setQuery(null);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) return setQuery("");
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => Math.min(Math.max(a + step, 0), Math.max(matches.length - 1, 0)));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      if (matches[active]) choose(matches[active]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setQuery(null);
    }
  }

  return (
    <div className="relative">
      <Globe aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-fg-subtle" />
      <input
        ref={input}
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        autoComplete="off"
        spellCheck={false}
        className={cn(controlClass, "h-8 pr-24 pl-8")}
        value={query ?? value.replace(/_/g, " ")}
        placeholder="Search time zones…"
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onClick={() => !open && setQuery("")}
        onBlur={() => setQuery(null)}
        onKeyDown={onKeyDown}
      />
      {!open && value && <span className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-sm text-fg-subtle tabular-nums">{offsetLabel(value)}</span>}
      {open && (
        <ul id={listId} role="listbox" aria-label="Time zones" className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-border bg-surface py-1 shadow-lg">
          {matches.length === 0 && <li className="px-2.5 py-1.5 text-sm text-fg-subtle">No time zone matches “{query}”</li>}
          {matches.map((z, i) => (
            <li
              key={z}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={z === value}
              // Chosen on mousedown, before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(z);
              }}
              onMouseMove={() => setActive(i)}
              className={cn("flex cursor-pointer items-center gap-2 px-2.5 py-1.5 text-sm", i === active ? "bg-hover text-fg" : "text-fg-muted")}
            >
              <Check aria-hidden className={cn("size-3.5 shrink-0", z === value ? "text-accent" : "invisible")} />
              <span className="truncate">{z.replace(/_/g, " ")}</span>
              <span className="ml-auto shrink-0 text-xs text-fg-subtle tabular-nums">{offsetLabel(z)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
