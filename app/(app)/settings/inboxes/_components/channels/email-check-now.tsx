"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/components/workspace/api";

/** How often the card re-reads the mailbox's status while a check is under way, and for how long. */
const REFRESH_EVERY_MS = 1_500;
const GIVE_UP_AFTER_MS = 60_000;

type Props = {
  inboxId: string;
  /** Changes whenever a sync run records an outcome (its last success or last error time). */
  outcome: string;
};

/**
 * "Check now" on the Mailbox sync card: queues a sync, then refreshes the server-rendered card
 * until the run has recorded its outcome, so the new "last sync" or "last error" appears in place.
 */
export function EmailCheckNow({ inboxId, outcome }: Props) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const [requesting, setRequesting] = useState(false);
  /** The outcome the card showed when the check was queued; waiting until it changes. */
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const waiting = waitingFor !== null && outcome === waitingFor && !gaveUp;
  const done = waitingFor !== null && outcome !== waitingFor;

  useEffect(() => {
    if (!waiting) return;
    const tick = setInterval(() => startRefresh(() => router.refresh()), REFRESH_EVERY_MS);
    const stop = setTimeout(() => setGaveUp(true), GIVE_UP_AFTER_MS);
    return () => {
      clearInterval(tick);
      clearTimeout(stop);
    };
  }, [waiting, router]);

  async function checkNow() {
    setRequesting(true);
    setError(null);
    setGaveUp(false);
    try {
      await api(`/api/v1/inboxes/${inboxId}/email/sync`, { method: "POST" });
      setWaitingFor(outcome);
    } catch (e) {
      setWaitingFor(null);
      setError(e instanceof ApiError ? e.message : "Could not reach the server. Check your connection and try again.");
    } finally {
      setRequesting(false);
    }
  }

  const pending = requesting || waiting;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
      <Button size="sm" onClick={checkNow} loading={pending} data-testid="email-check-now">
        <RefreshCw aria-hidden /> Check now
      </Button>
      <span role="status" className="text-sm text-fg-muted">
        {pending
          ? "Checking the mailbox…"
          : done
            ? "Checked — the result is shown above."
            : gaveUp
              ? "The check is queued but has not finished yet; reload later to see its result."
              : ""}
      </span>
      {error && (
        <p role="alert" className="basis-full text-sm text-danger-text">
          {error}
        </p>
      )}
    </div>
  );
}
