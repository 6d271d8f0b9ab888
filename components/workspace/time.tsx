"use client";

import { useSyncExternalStore } from "react";

/*
 * Times are formatted in the browser's locale and time zone with Intl. The server does not know
 * the reader's zone, so anything time-dependent renders only after hydration (the server
 * snapshot is null) — no hydration mismatches, no wrong "today".
 */

const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(cb: () => void) {
  listeners.add(cb);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, refreshed every 30 s for all subscribers at once; null during SSR and hydration. */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions) {
  const key = JSON.stringify(options);
  let f = fmtCache.get(key);
  if (!f) fmtCache.set(key, (f = new Intl.DateTimeFormat(undefined, options)));
  return f;
}

export const formatTime = (d: Date) => fmt({ hour: "numeric", minute: "2-digit" }).format(d);
export const formatFull = (d: Date) => fmt({ dateStyle: "medium", timeStyle: "short" }).format(d);
export const formatDate = (d: Date, nowMs: number) =>
  fmt(
    new Date(nowMs).getFullYear() === d.getFullYear()
      ? { month: "short", day: "numeric" }
      : { month: "short", day: "numeric", year: "numeric" },
  ).format(d);

export function dayKey(d: Date) {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(d: Date, nowMs: number) {
  const today = new Date(nowMs);
  const yesterday = new Date(nowMs);
  yesterday.setDate(today.getDate() - 1);
  if (dayKey(d) === dayKey(today)) return "Today";
  if (dayKey(d) === dayKey(yesterday)) return "Yesterday";
  return fmt(
    today.getFullYear() === d.getFullYear()
      ? { weekday: "long", month: "long", day: "numeric" }
      : { weekday: "long", month: "long", day: "numeric", year: "numeric" },
  ).format(d);
}

/** "now", "4m", "3h", "2d", then a short date — dense, for lists. */
export function formatRelativeShort(d: Date, nowMs: number) {
  const s = Math.max(0, Math.round((nowMs - d.getTime()) / 1000));
  if (s < 60) return "now";
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return formatDate(d, nowMs);
}

const rtf = typeof Intl !== "undefined" ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
/** "in 3 hours", "2 days ago" — for prose. */
export function formatRelativeLong(d: Date, nowMs: number) {
  const diff = (d.getTime() - nowMs) / 1000;
  const abs = Math.abs(diff);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 60 ? [diff, "second"] : abs < 3600 ? [diff / 60, "minute"] : abs < 86_400 ? [diff / 3600, "hour"] : abs < 30 * 86_400 ? [diff / 86_400, "day"] : abs < 365 * 86_400 ? [diff / (30 * 86_400), "month"] : [diff / (365 * 86_400), "year"];
  return rtf ? rtf.format(Math.round(value), unit) : d.toISOString();
}

/** A `<time>` that formats itself after hydration and keeps relative times current. */
export function Time({
  value,
  format,
  className,
}: {
  value: string;
  format: "relative-short" | "relative-long" | "time" | "date" | "day" | "full";
  className?: string;
}) {
  const nowMs = useNow();
  const d = new Date(value);
  let text = "";
  if (nowMs !== null) {
    text =
      format === "relative-short"
        ? formatRelativeShort(d, nowMs)
        : format === "relative-long"
          ? formatRelativeLong(d, nowMs)
          : format === "time"
            ? formatTime(d)
            : format === "date"
              ? formatDate(d, nowMs)
              : format === "day"
                ? fmt({ dateStyle: "medium" }).format(d)
                : formatFull(d);
  }
  return (
    <time dateTime={value} title={nowMs !== null ? formatFull(d) : undefined} className={className}>
      {text || "\u00a0"}
    </time>
  );
}
