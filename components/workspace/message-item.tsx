"use client";

import { AlertTriangle, Loader2, Lock, Paperclip, RotateCcw } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { DeliveryStatus } from "@/components/delivery-status";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatFull, Time } from "./time";
import type { Attachment, Message } from "./types";

export type ThreadMessage = Message & { optimistic?: boolean };

const URL_RE = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;
const ISO_RE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/** Plain text with clickable links; never HTML. */
export function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <a key={m.index} href={m[0]} target="_blank" rel="noopener noreferrer nofollow" className="underline underline-offset-2">
        {m[0]}
      </a>,
    );
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts.map((p, i) => (typeof p === "string" ? <Fragment key={`t${i}`}>{p}</Fragment> : p))}</>;
}

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / (1024 * 1024))} MB`;
}

const chip = "flex w-fit max-w-full items-center gap-2 rounded-md border border-border bg-surface px-2 py-1.5 text-sm";

/** One attachment, shown the way its type allows: picture, player, or a download chip. */
function AttachmentItem({ a }: { a: Attachment }) {
  if (a.pending) {
    return (
      <span className={cn(chip, "text-fg-muted")} role="status">
        <Loader2 aria-hidden className="size-3.5 shrink-0 animate-spin text-fg-subtle" />
        <span className="truncate">{a.name}</span>
        <span className="shrink-0 text-xs text-fg-subtle">Downloading…</span>
      </span>
    );
  }
  if (a.error || !a.url) {
    return (
      <span className={cn(chip, "text-fg-muted")} title={a.error}>
        <AlertTriangle aria-hidden className="size-3.5 shrink-0 text-warning-text" />
        <span className="min-w-0">
          <span className="font-medium text-fg">{a.name}</span> could not be downloaded{a.error ? `: ${a.error}` : ""}
        </span>
      </span>
    );
  }
  if (a.contentType.startsWith("image/")) {
    return (
      <a href={a.url} target="_blank" rel="noopener noreferrer" className="block w-fit overflow-hidden rounded-md border border-border">
        {/* eslint-disable-next-line @next/next/no-img-element -- our own attachment URLs, readable only with the viewer's session or a signed link, which next/image's optimizer would not carry */}
        <img src={a.url} alt={a.name} loading="lazy" className="max-h-56 max-w-full object-contain" />
      </a>
    );
  }
  if (a.contentType.startsWith("audio/")) {
    return <audio controls preload="none" src={a.url} aria-label={a.name} className="h-9 w-72 max-w-full" />;
  }
  if (a.contentType.startsWith("video/")) {
    return <video controls preload="metadata" src={a.url} aria-label={a.name} className="max-h-64 max-w-full rounded-md border border-border" />;
  }
  return (
    <a href={a.url} target="_blank" rel="noopener noreferrer" className={cn(chip, "hover:bg-hover")}>
      <Paperclip aria-hidden className="size-3.5 shrink-0 text-fg-subtle" />
      <span className="truncate">{a.name}</span>
      <span className="shrink-0 text-xs text-fg-subtle tabular-nums">{formatSize(a.size)}</span>
    </a>
  );
}

export function Attachments({ items }: { items: Attachment[] }) {
  return (
    <div className="mt-1.5 flex flex-col gap-1.5 whitespace-normal">
      {items.map((a, i) => (
        <AttachmentItem key={a.url || `${i}-${a.name}`} a={a} />
      ))}
    </div>
  );
}

/** A system line ("Ana resolved the conversation"), centred and small; ISO times shown in local time. */
export function ActivityLine({ message }: { message: Message }) {
  const text = message.content.replace(ISO_RE, (iso) => formatFull(new Date(iso)));
  return (
    <div role="listitem" className="flex items-center gap-3 px-6 py-1.5 text-xs text-fg-subtle">
      <span aria-hidden className="h-px flex-1 bg-border" />
      <span className="max-w-[85%] text-center text-balance">
        {text} · <Time value={message.createdAt} format="time" className="tabular-nums" />
      </span>
      <span aria-hidden className="h-px flex-1 bg-border" />
    </div>
  );
}

type BubbleProps = {
  message: ThreadMessage;
  /** Last of a run by the same sender: shows name, time and delivery ticks. */
  showMeta: boolean;
  /** First of a run: a little more space above. */
  first: boolean;
  canResend: boolean;
  onResend: (m: Message) => void;
  resending: boolean;
};

/** Under a failed or retrying outgoing message: the reason, and Resend where allowed. */
export function DeliveryProblem({ m, canResend, onResend, resending }: { m: ThreadMessage; canResend: boolean; onResend: (m: Message) => void; resending: boolean }) {
  if (m.status === "failed") {
    return (
      <div className="mt-1 flex max-w-[min(40rem,100%)] items-center gap-2 text-xs text-danger-text">
        <DeliveryStatus status="failed" error={m.error} />
        <span className="min-w-0">
          Not delivered{m.error ? `: ${m.error}` : ""}
        </span>
        {canResend && (
          <Button variant="ghost" size="sm" className="h-6 text-danger-text hover:text-danger-text" onClick={() => onResend(m)} loading={resending}>
            <RotateCcw aria-hidden />
            Resend
          </Button>
        )}
      </div>
    );
  }
  if (m.status === "pending" && m.error) {
    return (
      <div className="mt-1 flex max-w-[min(40rem,100%)] items-center gap-1.5 text-xs text-warning-text">
        <DeliveryStatus status="pending" />
        <span className="min-w-0">Retrying — {m.error}</span>
      </div>
    );
  }
  return null;
}

export function MessageBubble({ message: m, showMeta, first, canResend, onResend, resending }: BubbleProps) {
  const outgoing = m.kind === "outgoing";
  const note = m.private;
  const failed = m.status === "failed";
  const senderName = m.sender?.name ?? (outgoing ? "Agent" : "Contact");

  return (
    <div
      role="listitem"
      data-message-id={m.id}
      data-kind={note ? "note" : m.kind}
      className={cn("flex flex-col px-6", outgoing ? "items-end pl-16" : "items-start pr-16", first ? "mt-3" : "mt-0.5")}
    >
      <div
        className={cn(
          "max-w-[min(40rem,100%)] rounded-lg px-3 py-2 text-base whitespace-pre-wrap [overflow-wrap:anywhere]",
          note
            ? "border border-dashed border-warning-border bg-warning-soft text-fg"
            : outgoing
              ? "bg-accent-soft text-fg"
              : "border border-border bg-surface text-fg",
          failed && "ring-1 ring-danger/40",
          m.optimistic && "opacity-70",
        )}
        title={formatFull(new Date(m.createdAt))}
      >
        {note && (
          <div className="mb-1 flex items-center gap-1 text-2xs font-semibold tracking-wide text-warning-text uppercase">
            <Lock aria-hidden className="size-3" />
            Private note
          </div>
        )}
        {m.content && <Linkified text={m.content} />}
        {m.attachments.length > 0 && <Attachments items={m.attachments} />}
      </div>

      {failed || (m.status === "pending" && m.error) ? (
        <DeliveryProblem m={m} canResend={canResend} onResend={onResend} resending={resending} />
      ) : (
        showMeta && (
          <div className={cn("mt-1 flex items-center gap-1.5 text-xs text-fg-subtle", outgoing && "flex-row-reverse")}>
            {outgoing && m.status && <DeliveryStatus status={m.status} />}
            <Time value={m.createdAt} format="time" className="tabular-nums" />
            <span aria-hidden>·</span>
            <span className="truncate">{senderName}</span>
          </div>
        )
      )}
    </div>
  );
}
