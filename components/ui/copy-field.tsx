"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy, Eye, EyeOff } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/input";

export type CopyFieldProps = {
  value: string;
  /** Masked until the user reveals it; copying always copies the real value. */
  secret?: boolean;
  /** For long values such as embed snippets. */
  multiline?: boolean;
  /** Accessible name of the field, e.g. "Webhook URL". */
  label?: string;
  id?: string;
  className?: string;
};

async function writeClipboard(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; plain-http LAN installs fall back to execCommand.
    const el = document.createElement("textarea");
    el.value = text;
    el.setAttribute("readonly", "");
    el.style.position = "fixed";
    el.style.opacity = "0";
    document.body.appendChild(el);
    el.select();
    const ok = document.execCommand("copy");
    el.remove();
    return ok;
  }
}

export function CopyField({ value, secret, multiline, label = "Value", id, className }: CopyFieldProps) {
  const [revealed, setRevealed] = useState(false);
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const masked = secret && !revealed;
  const shown = masked ? "•".repeat(Math.min(Math.max(value.length, 8), 32)) : value;

  async function copy() {
    const ok = await writeClipboard(value);
    setStatus(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), 1600);
  }

  const fieldClass = cn(controlClass, "read-only:bg-canvas font-mono text-sm");
  const iconButton =
    "inline-flex h-7 cursor-pointer items-center gap-1 rounded-md px-2 text-sm font-medium text-fg-muted hover:bg-hover hover:text-fg [&_svg]:size-3.5";

  return (
    <div className={cn("flex w-full items-start gap-1.5", className)}>
      {multiline ? (
        <textarea
          id={id}
          readOnly
          aria-label={label}
          value={shown}
          rows={Math.min(shown.split("\n").length, 10)}
          onFocus={(e) => e.currentTarget.select()}
          className={cn(fieldClass, "block resize-none px-2.5 py-1.5 whitespace-pre")}
        />
      ) : (
        <input
          id={id}
          readOnly
          aria-label={label}
          value={shown}
          onFocus={(e) => e.currentTarget.select()}
          className={cn(fieldClass, "h-8 min-w-0 truncate px-2.5")}
        />
      )}
      <div className="flex shrink-0 items-center gap-0.5 py-0.5">
        {secret && (
          <button
            type="button"
            className={iconButton}
            onClick={() => setRevealed((r) => !r)}
            aria-pressed={revealed}
            aria-label={revealed ? `Hide ${label}` : `Reveal ${label}`}
          >
            {revealed ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
          </button>
        )}
        <button type="button" className={cn(iconButton, "min-w-21")} onClick={copy}>
          {status === "copied" ? <Check aria-hidden className="text-success-text" /> : <Copy aria-hidden />}
          {status === "copied" ? "Copied" : status === "failed" ? "Failed" : "Copy"}
          <span className="sr-only">{` ${label}`}</span>
        </button>
        <span role="status" className="sr-only">
          {status === "copied" ? `${label} copied` : status === "failed" ? "Copy failed" : ""}
        </span>
      </div>
    </div>
  );
}
