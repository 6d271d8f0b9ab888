"use client";

import { cn } from "@/components/ui/cn";

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeTime(date: Date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/**
 * Dates rendered in the viewer's own locale and time zone. The server's rendering may differ
 * (its time zone), so hydration is allowed to replace the text.
 */
export function LocalTime({ value, mode = "date", className }: { value: string | Date; mode?: "date" | "datetime" | "relative"; className?: string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const full = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const text =
    mode === "relative" ? relativeTime(date) : mode === "datetime" ? full : date.toLocaleDateString(undefined, { dateStyle: "medium" });
  return (
    <time dateTime={date.toISOString()} title={full} className={cn("tabular-nums", className)} suppressHydrationWarning>
      {text}
    </time>
  );
}
