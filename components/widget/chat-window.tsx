import type { CSSProperties, ReactNode } from "react";

/*
 * The website widget's look, shared by the iframe chat page (app/widget/[token]) and the admin
 * preview (settings → inbox → Widget). Purely presentational — no hooks, no "use client" — so the
 * iframe page renders it on the server and ships no JavaScript for it. It joins class names itself
 * (no tailwind-merge): MessageBubble runs in the iframe's client bundle, which must stay lean.
 */

const cn = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(" ");

export type ReplyTime = "minutes" | "hours" | "day";

export type WidgetLook = {
  widgetColor: string;
  welcomeTitle: string;
  welcomeTagline: string;
  replyTime: ReplyTime | string;
};

const HEX = /^#[0-9a-f]{6}$/i;

/** White or near-black, whichever reads better on `hex` (WCAG relative luminance). */
export function readableOn(hex: string): string {
  if (!HEX.test(hex)) return "#ffffff";
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  // Contrast against white vs. against #111113; pick the larger.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0566 ? "#ffffff" : "#111113";
}

export const safeColor = (hex: string) => (HEX.test(hex) ? hex : "#5753d0");

export function replyTimeHint(replyTime: string): string {
  if (replyTime === "hours") return "Typically replies in a few hours";
  if (replyTime === "day") return "Typically replies within a day";
  return "Typically replies in a few minutes";
}

/** CSS variables the widget's pieces read: the inbox colour and the text colour on it. */
export function brandStyle(color: string): CSSProperties {
  const c = safeColor(color);
  return { "--kw-brand": c, "--kw-brand-fg": readableOn(c) } as CSSProperties;
}

export function ChatBubbleIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={className} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 9.3 9.3 0 0 1-3.9-.9L3 20.5l1.5-4.6A8 8 0 0 1 3 11.5 8.4 8.4 0 0 1 12 3a8.4 8.4 0 0 1 9 8.5Z" />
    </svg>
  );
}

function ClockIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="size-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}

type ChatWindowProps = WidgetLook & {
  /** The conversation (message list + composer). */
  children: ReactNode;
  /** Rendered at the header's top-right (the iframe's close button). */
  headerAction?: ReactNode;
  className?: string;
  /** The window's accessible name. */
  label?: string;
};

/** Header in the inbox colour, the conversation, and a small "Powered by Konversio". */
export function ChatWindow({ widgetColor, welcomeTitle, welcomeTagline, replyTime, children, headerAction, className, label }: ChatWindowProps) {
  return (
    <section
      aria-label={label ?? welcomeTitle}
      style={brandStyle(widgetColor)}
      className={cn("flex h-full min-h-0 w-full flex-col overflow-hidden bg-surface text-fg", className)}
    >
      <header className="relative shrink-0 bg-[var(--kw-brand)] px-5 pt-5 pb-4 text-[var(--kw-brand-fg)]">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1">
            <h1 className="text-xl font-semibold break-words">{welcomeTitle}</h1>
            {welcomeTagline && <p className="mt-1 text-base break-words opacity-90">{welcomeTagline}</p>}
          </div>
          {headerAction}
        </div>
        <p className="mt-3 inline-flex items-center gap-1.5 rounded-full bg-black/10 px-2.5 py-1 text-xs font-medium">
          <ClockIcon />
          {replyTimeHint(replyTime)}
        </p>
      </header>
      <div className="flex min-h-0 flex-1 flex-col">{children}</div>
      <footer className="shrink-0 border-t border-border bg-surface py-1.5 text-center text-2xs text-fg-subtle">
        Powered by{" "}
        <a href="https://konversio.app" target="_blank" rel="noopener noreferrer" className="font-medium text-fg-muted hover:underline">
          Konversio
        </a>
      </footer>
    </section>
  );
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Message text as React text nodes — HTML is never interpreted. http(s) URLs become links
 * (trailing punctuation stays outside the link).
 */
export function LinkifiedText({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? "";
    if (trail) url = url.slice(0, -trail.length);
    const start = m.index ?? 0;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a key={start} href={url} target="_blank" rel="noopener noreferrer nofollow ugc" className="break-all underline underline-offset-2">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

type BubbleProps = {
  /** incoming = from the visitor (right, in the inbox colour); outgoing = from the team (left). */
  kind: "incoming" | "outgoing";
  senderName?: string | null;
  content: string;
  /** Small line under the bubble ("Sending…", time, a retry button). */
  meta?: ReactNode;
  failed?: boolean;
  pending?: boolean;
};

export function MessageBubble({ kind, senderName, content, meta, failed, pending }: BubbleProps) {
  const mine = kind === "incoming";
  return (
    <div className={cn("flex max-w-[85%] flex-col gap-1", mine ? "items-end self-end" : "items-start self-start")}>
      {!mine && senderName && <span className="px-1 text-xs font-medium text-fg-muted">{senderName}</span>}
      <div
        className={cn(
          "rounded-2xl px-3.5 py-2 text-base break-words whitespace-pre-wrap [overflow-wrap:anywhere]",
          mine ? "rounded-br-md bg-[var(--kw-brand)] text-[var(--kw-brand-fg)]" : "rounded-bl-md bg-gray-100 text-fg",
          pending && "opacity-70",
          failed && "ring-2 ring-danger/60",
        )}
      >
        <LinkifiedText text={content} />
      </div>
      {meta && <div className="px-1 text-2xs text-fg-subtle">{meta}</div>}
    </div>
  );
}

/** A static copy of the loader's launcher (public/widget.js draws the real one), for the preview. */
export function LauncherPreview({ widgetColor, unread = 0, open = false }: { widgetColor: string; unread?: number; open?: boolean }) {
  return (
    <span
      style={brandStyle(widgetColor)}
      className="relative inline-flex size-14 items-center justify-center rounded-full bg-[var(--kw-brand)] text-[var(--kw-brand-fg)] shadow-[0_6px_20px_rgba(0,0,0,0.2)]"
    >
      {open ? (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
          <path d="M6 9l6 6 6-6" />
        </svg>
      ) : (
        <ChatBubbleIcon className="size-7" />
      )}
      {unread > 0 && (
        <span className="absolute -top-1 -right-1 flex h-5 min-w-5 items-center justify-center rounded-full border-2 border-white bg-danger px-1 text-2xs font-semibold text-white">
          {unread}
        </span>
      )}
    </span>
  );
}

/** The composer's look, shared by the iframe's live composer and the admin preview's static copy. */
export const composerClass = {
  form: "flex shrink-0 items-end gap-2 border-t border-border bg-surface px-3 py-2.5",
  input:
    "block h-10 max-h-30 min-h-10 flex-1 resize-none rounded-xl border border-border bg-canvas px-3 py-2 text-base text-fg outline-none placeholder:text-fg-subtle focus:border-[var(--kw-brand)] focus:ring-2 focus:ring-[color-mix(in_srgb,var(--kw-brand)_25%,transparent)]",
  send: "inline-flex size-10 shrink-0 cursor-pointer items-center justify-center rounded-full bg-[var(--kw-brand)] text-[var(--kw-brand-fg)] transition-opacity hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--kw-brand)] disabled:cursor-not-allowed disabled:opacity-40",
  list: "flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto overscroll-contain bg-canvas px-4 py-4",
};

export function SendIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M5 12h14M13 6l6 6-6 6" />
    </svg>
  );
}

export function PaperclipIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="m21 11-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9" />
    </svg>
  );
}

export const attachButtonClass =
  "inline-flex size-10 shrink-0 cursor-pointer items-center justify-center rounded-full text-fg-muted transition-colors hover:bg-gray-100 hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--kw-brand)] disabled:cursor-not-allowed disabled:opacity-40";

export type ChatAttachment = { name?: string; url?: string; contentType?: string; size?: number };

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export function fileSize(n: number | undefined): string {
  if (typeof n !== "number" || !Number.isFinite(n)) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A message's files: images as thumbnails (linking to the full picture), anything else as a
 * download chip. `src` turns a stored url into one this page can load (null hides it).
 */
export function AttachmentList({ attachments, mine, src }: { attachments: ChatAttachment[]; mine: boolean; src: (url: string) => string | null }) {
  return (
    <ul className={cn("flex max-w-[85%] flex-wrap gap-1.5", mine ? "self-end justify-end" : "self-start")} aria-label="Attachments">
      {attachments.map((a, j) => {
        const href = a.url ? src(a.url) : null;
        if (!href) return null;
        const name = a.name || "Attachment";
        return (
          <li key={j}>
            {a.contentType && IMAGE_TYPES.includes(a.contentType) ? (
              <a href={href} target="_blank" rel="noopener noreferrer" className="block overflow-hidden rounded-xl border border-border bg-surface">
                {/* eslint-disable-next-line @next/next/no-img-element -- served by the API with access checks */}
                <img src={href} alt={name} loading="lazy" className="block max-h-48 max-w-56 object-cover" />
              </a>
            ) : (
              <a
                href={href}
                download={name}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-flex max-w-56 items-center gap-2 rounded-xl border border-border bg-surface px-3 py-2 text-sm text-fg hover:bg-gray-50"
              >
                <PaperclipIcon />
                <span className="min-w-0 truncate font-medium">{name}</span>
                {a.size !== undefined && <span className="shrink-0 text-xs text-fg-subtle">{fileSize(a.size)}</span>}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
