"use client";

import { useState, type KeyboardEvent } from "react";
import { X } from "lucide-react";
import { cn } from "@/components/ui/cn";

type Props = {
  value: string[];
  onChange: (value: string[]) => void;
  placeholder?: string;
  /** Accessible name of the text box. */
  label: string;
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  /** Index → the server's error for that entry ("conditions.0.value.1"), to mark the chip. */
  invalidAt?: (index: number) => boolean;
};

/**
 * A list of short strings (domains, addresses) typed one after another: Enter, comma or leaving
 * the field turns the text into a chip; pasting "a.com, b.com" makes two. Backspace on an empty
 * box removes the last chip.
 */
export function TokenInput({ value, onChange, placeholder, label, id, invalidAt, ...aria }: Props) {
  const [text, setText] = useState("");

  function commit(raw: string) {
    const parts = raw
      .split(/[,;\s]+/)
      .map((p) => p.trim())
      .filter(Boolean)
      .filter((p) => !value.includes(p));
    if (parts.length) onChange([...value, ...parts]);
    setText("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      commit(text);
    } else if (e.key === "Backspace" && !text && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  const invalid = aria["aria-invalid"] === true || aria["aria-invalid"] === "true";
  return (
    <div
      className={cn(
        "flex min-h-8 w-full flex-wrap items-center gap-1 rounded-md border border-border-strong bg-surface px-1.5 py-1",
        "focus-within:border-accent focus-within:outline-2 focus-within:outline-offset-[-1px] focus-within:outline-ring",
        invalid && "border-danger",
      )}
    >
      {value.map((token, i) => (
        <span
          key={token}
          className={cn(
            "inline-flex h-6 items-center gap-1 rounded-sm pr-0.5 pl-1.5 text-sm",
            invalidAt?.(i) ? "bg-danger-soft text-danger-text" : "bg-accent-soft text-accent-text",
          )}
        >
          {token}
          <button
            type="button"
            onClick={() => onChange(value.filter((t) => t !== token))}
            aria-label={`Remove ${token}`}
            className="grid size-5 cursor-pointer place-items-center rounded-xs hover:bg-accent/15"
          >
            <X aria-hidden className="size-3" />
          </button>
        </span>
      ))}
      <input
        id={id}
        type="text"
        aria-label={label}
        aria-describedby={aria["aria-describedby"]}
        aria-invalid={aria["aria-invalid"]}
        autoComplete="off"
        value={text}
        placeholder={value.length ? undefined : placeholder}
        onChange={(e) => (e.target.value.includes(",") ? commit(e.target.value) : setText(e.target.value))}
        onKeyDown={onKeyDown}
        onBlur={() => text && commit(text)}
        className="h-6 min-w-32 flex-1 bg-transparent px-1 text-base text-fg outline-none placeholder:text-fg-subtle"
      />
    </div>
  );
}
