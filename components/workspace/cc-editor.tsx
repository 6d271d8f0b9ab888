"use client";

import { X } from "lucide-react";
import { forwardRef, useId, useImperativeHandle, useRef, useState } from "react";
import { addressesIn, MAX_CC } from "./addresses";

export type CcEditorHandle = {
  /** Takes in what is still typed. `ok: false` when it is not an address (the field says why). */
  commit(): { ok: true; cc: string[] } | { ok: false };
  focus(): void;
};

type Props = {
  id: string;
  cc: string[];
  /** The customer (the reply's To): never copied as well. */
  to: string[];
  edited: boolean;
  onChange: (cc: string[]) => void;
  onReset: () => void;
};

/**
 * Who gets a copy of this reply, as removable chips and a field to add more (Enter, comma or
 * paste several at once; Backspace on the empty field takes the last one back). Starts from the
 * reply-all rule's suggestion; Reset goes back to it.
 */
export const CcEditor = forwardRef<CcEditorHandle, Props>(function CcEditor({ id, cc, to, edited, onChange, onReset }, ref) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  /** Adds what `text` names; returns the new list, or null (and says why) when something is wrong. */
  const add = (text: string): string[] | null => {
    const { valid, invalid } = addressesIn(text);
    if (invalid.length) {
      setError(`“${invalid[0]}” is not an email address`);
      return null;
    }
    const next = [...cc];
    for (const a of valid) if (!next.includes(a) && !to.includes(a)) next.push(a);
    if (next.length > MAX_CC) {
      setError(`Up to ${MAX_CC} people can be copied`);
      return null;
    }
    setError(null);
    setDraft("");
    if (next.length !== cc.length) onChange(next);
    return next;
  };

  useImperativeHandle(ref, () => ({
    commit: () => {
      if (!draft.trim()) return { ok: true, cc };
      const next = add(draft);
      if (next) return { ok: true, cc: next };
      input.current?.focus();
      return { ok: false };
    },
    focus: () => input.current?.focus(),
  }));

  const remove = (address: string) => {
    onChange(cc.filter((a) => a !== address));
    input.current?.focus();
  };

  return (
    <div id={id} className="border-b border-border px-3 py-1.5">
      <div className="flex flex-wrap items-center gap-1">
        <label htmlFor={`${id}-input`} className="mr-1 text-xs font-medium text-fg-muted">
          Cc
        </label>
        {cc.length > 0 && (
          <ul aria-label="Copied on this reply" className="contents">
            {cc.map((a) => (
              <li key={a} className="inline-flex h-6 max-w-64 items-center gap-0.5 rounded-md border border-border bg-canvas pr-0.5 pl-2 text-xs text-fg">
                <span className="truncate">{a}</span>
                <button
                  type="button"
                  onClick={() => remove(a)}
                  aria-label={`Remove ${a}`}
                  className="inline-flex size-5 shrink-0 cursor-pointer items-center justify-center rounded text-fg-subtle hover:bg-hover hover:text-fg [&_svg]:size-3"
                >
                  <X aria-hidden />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          placeholder={cc.length ? "Add someone…" : "Add people to copy"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if ((e.key === "Enter" || e.key === "," || e.key === ";") && !e.nativeEvent.isComposing) {
              e.preventDefault();
              if (draft.trim()) add(draft);
            } else if (e.key === "Backspace" && !draft && cc.length) {
              e.preventDefault();
              onChange(cc.slice(0, -1));
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
          onPaste={(e) => {
            const text = e.clipboardData.getData("text");
            if (!/[,;\n]/.test(text)) return;
            e.preventDefault();
            if (!add(draft + text)) setDraft(draft + text);
          }}
          onBlur={() => {
            if (draft.trim()) add(draft);
          }}
          className="h-6 min-w-28 flex-1 bg-transparent text-xs text-fg placeholder:text-fg-subtle focus:outline-none"
        />
        {edited && (
          <button
            type="button"
            onClick={onReset}
            aria-label="Reset to reply-all"
            title="Copy everyone on the last mail again"
            className="shrink-0 cursor-pointer rounded px-1 text-xs text-fg-muted hover:bg-hover hover:text-fg"
          >
            Reset
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="pt-0.5 text-xs text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
});
