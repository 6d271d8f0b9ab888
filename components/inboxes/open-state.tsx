"use client";

import { useMemo, useSyncExternalStore } from "react";
import { Moon, Sun } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { openState, type OpenState } from "@/lib/inboxes/business-hours";
import type { BusinessHours } from "@/lib/inboxes/business-hours.schema";

function subscribeMinutes(onChange: () => void) {
  const timer = setInterval(onChange, 15_000);
  return () => clearInterval(timer);
}
const currentMinute = () => Math.floor(Date.now() / 60_000);
const noMinuteOnServer = () => null;

/**
 * "Closed now · opens Mon 09:00" for an inbox with business hours, kept current every minute. Only
 * in the browser: the server's clock a moment earlier could name a different state than hydration.
 */
export function useOpenState(hours: BusinessHours | null): OpenState | null {
  const minute = useSyncExternalStore(subscribeMinutes, currentMinute, noMinuteOnServer);
  return useMemo(() => (hours && minute !== null ? openState(hours, new Date(minute * 60_000)) : null), [hours, minute]);
}

/** The inbox list's line: a small sun or moon and the words. Nothing for inboxes without hours. */
export function OpenStateLine({ hours, className }: { hours: BusinessHours | null; className?: string }) {
  const state = useOpenState(hours);
  if (!state) return null;
  const Icon = state.open ? Sun : Moon;
  return (
    <span className={cn("inline-flex min-w-0 items-center gap-1 text-sm text-fg-muted tabular-nums", className)} data-testid="open-state">
      <Icon aria-hidden className={cn("size-3.5 shrink-0", state.open ? "text-success-text" : "text-fg-subtle")} />
      <span className="truncate">{state.label}</span>
    </span>
  );
}

/** The workspace nav's hint: a moon while the inbox is closed, the words on hover and for screen readers. */
export function ClosedMark({ hours }: { hours: BusinessHours | null }) {
  const state = useOpenState(hours);
  if (!state || state.open) return null;
  return (
    <span role="img" aria-label={state.label} title={state.label} className="ml-auto inline-flex shrink-0 text-fg-subtle" data-testid="closed-mark">
      <Moon aria-hidden className="size-3.5" />
    </span>
  );
}
