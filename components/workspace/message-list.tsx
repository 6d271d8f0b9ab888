"use client";

import { ArrowDown, MessagesSquare } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { EmailMessage, useEmailDetails } from "./email-message";
import { ActivityLine, MessageBubble, type ThreadMessage } from "./message-item";
import { dayKey, formatDay, useNow } from "./time";
import type { Contact, Message } from "./types";

const RUN_GAP_MS = 5 * 60_000;

type Props = {
  messages: ThreadMessage[];
  canReply: boolean;
  onResend: (m: Message) => void;
  resendingId: string | null;
  /** Email conversations show each mail as a card with its headers and sanitized HTML. */
  email?: { number: number; subject: string | null; contact: Contact; inboxName: string };
};

const senderKey = (m: Message) => `${m.kind}|${m.private}|${m.sender?.id ?? ""}`;

export function MessageList({ messages, canReply, onResend, resendingId, email }: Props) {
  const nowMs = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastCount = useRef(0);
  const [unseen, setUnseen] = useState(0);
  const content = useRef<HTMLDivElement>(null);
  const emailDetails = useEmailDetails(email?.number, email ? messages.findLast((m) => !m.id.startsWith("temp-"))?.id : undefined);

  // Mail bodies and pictures take their height after they load: stay at the bottom if the agent was there.
  useLayoutEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  });

  // Stick to the bottom when new messages arrive, unless the agent scrolled up to read.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || nowMs === null) return;
    const added = messages.length - lastCount.current;
    const first = lastCount.current === 0;
    lastCount.current = messages.length;
    if (added <= 0 && !first) return;
    const last = messages.at(-1);
    if (first || atBottom.current || last?.optimistic) {
      el.scrollTop = el.scrollHeight;
      setUnseen(0);
    } else {
      setUnseen((n) => n + added);
    }
  }, [messages, nowMs]);

  // Pictures and players grow the thread after it was scrolled, the composer can shrink it: stay at the bottom if we were there.
  // (load events do not bubble, but a capturing listener on the scroller sees them all.)
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const keep = () => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    };
    el.addEventListener("load", keep, true);
    el.addEventListener("loadedmetadata", keep, true);
    // The composer growing (attachments, a long draft) shrinks the thread from below.
    const resize = new ResizeObserver(keep);
    resize.observe(el);
    return () => {
      el.removeEventListener("load", keep, true);
      el.removeEventListener("loadedmetadata", keep, true);
      resize.disconnect();
    };
  }, [nowMs]);

  if (nowMs === null) return <ThreadSkeleton />;

  // One group per day, so each day's sticky label stays within its own messages.
  const days: { key: string; label: string; items: React.ReactNode[] }[] = [];
  messages.forEach((m, i) => {
    const d = new Date(m.createdAt);
    const key = dayKey(d);
    if (days.at(-1)?.key !== key) days.push({ key, label: formatDay(d, nowMs), items: [] });
    const items = days.at(-1)!.items;
    if (m.kind === "activity") {
      items.push(<ActivityLine key={m.id} message={m} />);
      return;
    }
    if (email && !m.private) {
      items.push(
        <EmailMessage
          key={m.id}
          message={m}
          view={emailDetails.data?.[m.id]}
          conversation={email}
          canResend={canReply}
          onResend={onResend}
          resending={resendingId === m.id}
        />,
      );
      return;
    }
    const prev = messages[i - 1];
    const next = messages[i + 1];
    const sameRun = (a?: Message, b?: Message) =>
      !!a &&
      !!b &&
      a.kind !== "activity" &&
      b.kind !== "activity" &&
      senderKey(a) === senderKey(b) &&
      Math.abs(new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime()) < RUN_GAP_MS &&
      dayKey(new Date(a.createdAt)) === dayKey(new Date(b.createdAt));
    items.push(
      <MessageBubble
        key={m.id}
        message={m}
        first={!sameRun(prev, m)}
        showMeta={!sameRun(m, next)}
        canResend={canReply}
        onResend={onResend}
        resending={resendingId === m.id}
      />,
    );
  });

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          if (atBottom.current && unseen) setUnseen(0);
        }}
        className="h-full overflow-y-auto bg-canvas pb-4"
      >
        {messages.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center gap-2 text-center text-sm text-fg-subtle">
            <MessagesSquare aria-hidden className="size-5" />
            No messages yet.
          </div>
        ) : (
          <div ref={content} aria-label="Messages" role="log" className="flex flex-col">
            {days.map((day, i) => (
              <div key={`${day.key}-${i}`} role="group" aria-label={day.label}>
                <div aria-hidden className="sticky top-0 z-[1] flex justify-center pt-4 pb-1">
                  <span className="rounded-full border border-border bg-surface px-2.5 py-0.5 text-xs font-medium text-fg-muted">
                    {day.label}
                  </span>
                </div>
                <div role="list" className="flex flex-col">
                  {day.items}
                </div>
              </div>
            ))}
          </div>
        )}
      </div>
      {unseen > 0 && (
        <button
          type="button"
          onClick={() => {
            const el = scroller.current;
            if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
            setUnseen(0);
          }}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 cursor-pointer items-center gap-1.5 rounded-full bg-inverse px-3 py-1 text-sm font-medium text-inverse-fg shadow-popover animate-slide-up"
        >
          <ArrowDown aria-hidden className="size-3.5" />
          {unseen === 1 ? "1 new message" : `${unseen} new messages`}
        </button>
      )}
    </div>
  );
}

export function ThreadSkeleton() {
  return (
    <div aria-hidden className="flex min-h-0 flex-1 flex-col justify-end gap-4 bg-canvas px-6 pb-6">
      <Skeleton className="h-10 w-64 rounded-lg" />
      <Skeleton className="h-14 w-80 self-end rounded-lg bg-accent-soft" />
      <Skeleton className="h-10 w-52 rounded-lg" />
      <Skeleton className="h-10 w-72 self-end rounded-lg bg-accent-soft" />
    </div>
  );
}
