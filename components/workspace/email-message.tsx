"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ImageOff } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { DeliveryStatus } from "@/components/delivery-status";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { threadParts } from "@/lib/channels/email/quoted-text";
import { fetchEmailThread, qk } from "./api";
import { ForwardedCard } from "./forwarded-card";
import { Attachments, DeliveryProblem, Linkified, type ThreadMessage } from "./message-item";
import { formatFull, Time } from "./time";
import type { Contact, EmailThread, EmailView, Message, ReplyRecipients } from "./types";

type Address = EmailView["to"][number];

const selectDetails = (t: EmailThread) => t.data;
const selectRecipients = (t: EmailThread) => t.replyRecipients;

/**
 * The conversation's email data: one request, shared by the thread (headers) and the composer
 * (recipients). Refetched whenever the thread gains a message (the key carries the last id);
 * incoming mail has its headers stored before it appears. While refetching, the previous answer
 * stands in — only within the same conversation, so no one else's recipients ever show.
 */
function useEmailThread<T>(number: number | undefined, lastMessageId: string | undefined, select: (t: EmailThread) => T) {
  return useQuery({
    enabled: number !== undefined,
    queryKey: qk.emailAt(number, lastMessageId ?? ""),
    queryFn: ({ signal }) => fetchEmailThread(number!, signal),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === number ? previous : undefined),
    staleTime: 60_000,
    select,
  });
}

/** Email headers of a conversation's messages, by message id. */
export const useEmailDetails = (number: number | undefined, lastMessageId: string | undefined) => useEmailThread(number, lastMessageId, selectDetails);

/** Recipients of the next reply; pass the same last id as the thread so both share one request. */
export const useReplyRecipients = (number: number | undefined, lastMessageId: string | undefined) => useEmailThread(number, lastMessageId, selectRecipients);

const who = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);
const bareSubject = (s: string | null | undefined) => (s ?? "").replace(/^((re|aw|sv|fwd?|wg)\s*:\s*)+/i, "").trim().toLowerCase();

/**
 * The mail's sanitized HTML in a sandboxed frame: no scripts (sandbox without allow-scripts and
 * the document's own CSP), links open in a new tab, and the frame grows to its content. Same
 * origin is kept only so this component can measure the content's height.
 */
function EmailFrame({ src, title }: { src: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const observer = useRef<ResizeObserver | null>(null);

  const measure = useCallback(() => {
    const body = frame.current?.contentDocument?.body;
    if (body) setHeight(Math.max(24, Math.ceil(body.scrollHeight) + 2));
  }, []);

  const onLoad = useCallback(() => {
    observer.current?.disconnect();
    const body = frame.current?.contentDocument?.body;
    if (!body) return;
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(body);
  }, [measure]);

  useEffect(() => () => observer.current?.disconnect(), []);

  return (
    <iframe
      ref={frame}
      src={src}
      title={title}
      onLoad={onLoad}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      className="block w-full border-0 bg-white"
      style={{ height }}
    />
  );
}

/**
 * Plain-text mail: the sender's text as text, each quote (with its attribution) folded behind
 * "•••", so answers written below or between quotes stay in view.
 */
function TextBody({ text }: { text: string }) {
  const parts = threadParts(text);
  return (
    <div className="text-base whitespace-pre-wrap [overflow-wrap:anywhere]">
      {parts.map((part, i) =>
        part.kind === "text" ? (
          <div key={i} className={i > 0 ? "mt-2" : undefined}>
            <Linkified text={part.text} />
          </div>
        ) : (
          <FoldedQuote key={i} text={part.text} first={i === 0} />
        ),
      )}
    </div>
  );
}

/** One quote of a plain-text mail, behind "•••" until the agent opens it. */
function FoldedQuote({ text, first }: { text: string; first: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div className={first ? undefined : "mt-2"}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-label={open ? "Hide quoted text" : "Show quoted text"}
        title={open ? "Hide quoted text" : "Show quoted text"}
        className="cursor-pointer rounded-sm bg-hover px-1.5 text-2xs leading-4 tracking-widest text-fg-muted hover:bg-border"
      >
        •••
      </button>
      {open && (
        <div className="mt-2 border-l-2 border-border pl-3 text-fg-muted">
          <Linkified text={text} />
        </div>
      )}
    </div>
  );
}

/**
 * The composer's one quiet line above the reply box: "To maya@… · Cc anna@…, ben@…". Plain text
 * the reply box names as its description; the full list (with names) is in the tooltip when the
 * line is cut.
 */
export function ReplyRecipientsHint({ id, recipients }: { id: string; recipients: ReplyRecipients }) {
  const { to, cc, omitted } = recipients;
  const full = [`To: ${to.map(who).join(", ")}`, cc.length ? `Cc: ${cc.map(who).join(", ")}` : "", omitted ? `${omitted} more on the last mail are not copied` : ""]
    .filter(Boolean)
    .join("\n");
  return (
    <p id={id} title={full} className="ml-auto min-w-0 truncate pl-2 text-xs text-fg-subtle">
      To {to.map((a) => a.address).join(", ")}
      {cc.length > 0 && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, </span>Cc {cc.map((a) => a.address).join(", ")}
        </>
      )}
      {omitted > 0 && ` (+${omitted} not copied)`}
    </p>
  );
}

type Props = {
  message: ThreadMessage;
  view: EmailView | undefined;
  conversation: { number: number; subject: string | null; contact: Contact; inboxName: string };
  canResend: boolean;
  onResend: (m: Message) => void;
  resending: boolean;
};

/** One email in the thread: a card with From, To/Cc, time and status, then the body and files. */
export function EmailMessage({ message: m, view, conversation, canResend, onResend, resending }: Props) {
  const outgoing = m.kind === "outgoing";
  const [images, setImages] = useState(false);
  const qc = useQueryClient();
  const previousStatus = useRef(m.status);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = m.status;
    // Our reply's To/Cc are recorded when the mail server takes it, after the thread last asked.
    const accepted = m.status === "sent" || m.status === "delivered" || m.status === "read";
    if (outgoing && was === "pending" && accepted && !view) void qc.invalidateQueries({ queryKey: qk.email(conversation.number) });
  }, [m.status, outgoing, view, qc, conversation.number]);
  const contactAddress: Address | null = conversation.contact.email ? { address: conversation.contact.email, name: conversation.contact.name ?? undefined } : null;
  const fromName = outgoing ? (m.sender?.name ?? "Agent") : (view?.from?.name || m.sender?.name || view?.from?.address || "Contact");
  const fromAddress = view?.from?.address;
  const to = view?.to.length ? view.to : outgoing && contactAddress ? [contactAddress] : [];
  const showSubject = view?.subject && bareSubject(view.subject) !== bareSubject(conversation.subject);
  const src = `/api/v1/conversations/${conversation.number}/messages/${m.id}/html${images ? "?images=1" : ""}`;

  return (
    <div role="listitem" data-message-id={m.id} data-kind={m.kind} className="mt-3 flex flex-col px-6">
      <article
        aria-label={`Email from ${fromName}`}
        className={cn(
          "w-full max-w-[52rem] overflow-hidden rounded-lg border bg-surface",
          outgoing ? "self-end border-accent/25" : "border-border",
          m.status === "failed" && "ring-1 ring-danger/40",
          m.optimistic && "opacity-70",
        )}
      >
        <header className={cn("flex items-start gap-3 border-b border-border/70 px-4 py-2.5", outgoing && "bg-accent-soft/60")}>
          <Avatar name={fromName} size="md" decorative />
          <div className="min-w-0 flex-1">
            <div className="flex items-baseline gap-2">
              <span className="truncate font-semibold text-fg">{fromName}</span>
              {fromAddress && <span className="hidden truncate text-sm text-fg-muted sm:inline">&lt;{fromAddress}&gt;</span>}
              <span className="ml-auto flex shrink-0 items-center gap-1.5 text-xs text-fg-subtle" title={formatFull(new Date(m.createdAt))}>
                {outgoing && m.status && <DeliveryStatus status={m.status} error={m.error} />}
                <Time value={m.createdAt} format="time" className="tabular-nums" />
              </span>
            </div>
            {(to.length > 0 || (view?.cc.length ?? 0) > 0) && (
              <p className="truncate text-sm text-fg-muted" title={[...to.map(who), ...(view?.cc ?? []).map((c) => `cc ${who(c)}`)].join(", ")}>
                to {to.map((a) => a.name || a.address).join(", ")}
                {view?.cc.length ? ` · cc ${view.cc.map((a) => a.name || a.address).join(", ")}` : ""}
              </p>
            )}
            {showSubject && <p className="truncate text-sm font-medium text-fg">{view!.subject}</p>}
          </div>
        </header>
        {view?.hasHtml && view.remoteImages > 0 && !images && (
          <div className="flex items-center gap-2 border-b border-border/70 bg-canvas px-4 py-1.5 text-sm text-fg-muted">
            <ImageOff aria-hidden className="size-4 shrink-0 text-fg-subtle" />
            <span className="min-w-0 flex-1">Remote images are blocked so the sender cannot track when this mail is opened.</span>
            <Button variant="ghost" size="sm" onClick={() => setImages(true)}>
              Load images
            </Button>
          </div>
        )}
        <div className="px-4 py-3">
          {view?.hasHtml ? (
            <EmailFrame key={src} src={src} title={`Email from ${fromName}`} />
          ) : view?.forwarded ? (
            <ForwardedCard forwarded={view.forwarded}>
              <TextBody text={view.forwarded.body} />
            </ForwardedCard>
          ) : (
            <TextBody text={m.content} />
          )}
          {m.attachments.length > 0 && <Attachments items={m.attachments} />}
        </div>
      </article>
      <div className={cn("flex", outgoing && "justify-end")}>
        <DeliveryProblem m={m} canResend={canResend} onResend={onResend} resending={resending} />
      </div>
    </div>
  );
}
