"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Check, Search, X } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";

export type MultiSelectOption = { id: string; label: string; sublabel?: string };

/** A small state mark for an option (e.g. a presence dot) and its words for screen readers. */
export type MultiSelectStatus = { mark: ReactNode; label: string };

export type MultiSelectProps = {
  options: MultiSelectOption[];
  /** Controlled selection. Omit and use `defaultValue` to let the component own it. */
  value?: string[];
  defaultValue?: string[];
  onChange?: (ids: string[]) => void;
  /** Renders one hidden input per selected id, read with `formData.getAll(name)`. */
  name?: string;
  /** Accessible name, when there is no <label htmlFor> (Field provides one). */
  label?: string;
  placeholder?: string;
  emptyText?: string;
  /** Show an initials avatar before each option (people, teams). */
  avatars?: boolean;
  /** Drawn on each option's avatar corner and before each chip's label; the label follows the name for screen readers. */
  status?: (id: string) => MultiSelectStatus | undefined;
  disabled?: boolean;
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  className?: string;
};

export function MultiSelect({
  options,
  value,
  defaultValue,
  onChange,
  name,
  label,
  placeholder = "Search…",
  emptyText = "No matches",
  avatars = true,
  status,
  disabled,
  id,
  "aria-describedby": describedBy,
  "aria-invalid": invalid,
  className,
}: MultiSelectProps) {
  const baseId = useId();
  const listId = `${baseId}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [inner, setInner] = useState<string[]>(defaultValue ?? []);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);

  const selected = value ?? inner;
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options]);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return options;
    return options.filter(
      (o) => o.label.toLowerCase().includes(q) || o.sublabel?.toLowerCase().includes(q),
    );
  }, [options, query]);

  const activeIndex = Math.min(active, filtered.length - 1);
  const optionId = (i: number) => `${baseId}-opt-${i}`;

  function commit(next: string[]) {
    if (value === undefined) setInner(next);
    onChange?.(next);
  }

  function toggle(optionIdValue: string) {
    if (disabled) return;
    commit(
      selectedSet.has(optionIdValue)
        ? selected.filter((s) => s !== optionIdValue)
        : [...selected, optionIdValue],
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      const next = Math.max(0, Math.min(filtered.length - 1, activeIndex + step));
      setActive(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: "nearest" });
    } else if (e.key === "Enter") {
      // Never let Enter submit the surrounding form from here.
      e.preventDefault();
      const option = filtered[activeIndex];
      if (option) toggle(option.id);
    } else if (e.key === "Escape" && query) {
      e.preventDefault();
      setQuery("");
    } else if (e.key === "Backspace" && !query && selected.length > 0) {
      commit(selected.slice(0, -1));
    }
  }

  const hasOptions = filtered.length > 0;

  return (
    <div
      className={cn(
        "flex w-full flex-col rounded-md border border-border-strong bg-surface",
        "has-[[role=combobox]:focus-visible]:border-accent has-[[role=combobox]:focus-visible]:outline-2",
        "has-[[role=combobox]:focus-visible]:outline-offset-[-1px] has-[[role=combobox]:focus-visible]:outline-ring",
        (invalid === true || invalid === "true") && "border-danger",
        disabled && "opacity-50",
        className,
      )}
    >
      {selected.length > 0 && (
        <ul aria-label="Selected" className="flex flex-wrap gap-1 border-b border-border p-1.5">
          {selected.map((sid) => {
            const text = byId.get(sid)?.label ?? sid;
            const state = status?.(sid);
            return (
              <li
                key={sid}
                className="inline-flex h-6 items-center gap-1 rounded-sm bg-accent-soft pr-0.5 pl-1.5 text-sm text-accent-text"
              >
                {state && (
                  <span aria-hidden className="flex">
                    {state.mark}
                  </span>
                )}
                {text}
                {state && <span className="sr-only">, {state.label}</span>}
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => toggle(sid)}
                  aria-label={`Remove ${text}`}
                  className="grid size-5 cursor-pointer place-items-center rounded-xs hover:bg-accent/15"
                >
                  <X aria-hidden className="size-3" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="relative flex items-center">
        <Search aria-hidden className="pointer-events-none absolute left-2.5 size-4 text-fg-subtle" />
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          aria-expanded={hasOptions}
          aria-controls={hasOptions ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={hasOptions ? optionId(activeIndex) : undefined}
          autoComplete="off"
          disabled={disabled}
          value={query}
          placeholder={placeholder}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          className="h-8 w-full bg-transparent pr-2.5 pl-8 text-base text-fg outline-none placeholder:text-fg-subtle"
        />
      </div>
      {hasOptions ? (
        <ul
          id={listId}
          role="listbox"
          aria-multiselectable="true"
          aria-label={label ?? "Options"}
          className="max-h-60 overflow-y-auto border-t border-border p-1"
        >
          {filtered.map((o, i) => {
            const checked = selectedSet.has(o.id);
            const state = status?.(o.id);
            return (
              <li
                key={o.id}
                id={optionId(i)}
                role="option"
                aria-selected={checked}
                data-active={(focused && i === activeIndex) || undefined}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => i !== activeIndex && setActive(i)}
                onClick={() => {
                  toggle(o.id);
                  setActive(i);
                  inputRef.current?.focus();
                }}
                className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-hover data-active:bg-hover"
              >
                <span
                  aria-hidden
                  className={cn(
                    "grid size-4 shrink-0 place-items-center rounded-sm border",
                    checked ? "border-accent bg-accent text-accent-fg" : "border-border-strong bg-surface",
                  )}
                >
                  {checked && <Check className="size-3" strokeWidth={3} />}
                </span>
                {avatars && (
                  <span className="relative flex shrink-0">
                    <Avatar name={o.label} size="xs" decorative />
                    {state && (
                      <span aria-hidden className="absolute -right-0.5 -bottom-0.5 flex">
                        {state.mark}
                      </span>
                    )}
                  </span>
                )}
                <span className="flex min-w-0 flex-1 items-baseline gap-2">
                  <span className="truncate text-base text-fg">
                    {o.label}
                    {state && <span className="sr-only">, {state.label}</span>}
                  </span>
                  {o.sublabel && <span className="truncate text-sm text-fg-subtle">{o.sublabel}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="border-t border-border px-3 py-2.5 text-sm text-fg-subtle">{emptyText}</p>
      )}
      {name && selected.map((sid) => <input key={sid} type="hidden" name={name} value={sid} />)}
    </div>
  );
}
