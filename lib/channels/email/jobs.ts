import "server-only";
import type { Db } from "@/db/client";
import { envValue } from "@/lib/env";
import { QUEUES, type Boss } from "@/lib/jobs/queue";
import { subscribe } from "@/lib/realtime/bus";
import { dueMailboxes, syncMailbox } from "./sync";
import { advisoryClaims, localClaims, startMailWatchers } from "./watch";

/** How many mailboxes one app instance reads at the same time. */
const SYNC_WORKERS = 3;
const TICK_KEY = "tick";

/**
 * Queues one sync of an inbox's mailbox. Keyed by the inbox, so a sync already waiting absorbs
 * this one (pg-boss answers null); a sync already running is not doubled either (sync.ts lease).
 */
export async function queueMailboxSync(boss: Boss, inboxId: string): Promise<string | null> {
  return boss.send(QUEUES.emailSync, { inboxId }, { singletonKey: inboxId });
}

/**
 * Mail is polled: every KONVERSIO_EMAIL_POLL_SECONDS a tick queues one sync job per due email
 * inbox (and, unless KONVERSIO_EMAIL_IDLE=0, IMAP IDLE pushes queue one at once). Both queues are "stately" (one queued + one running per key), so any number of app
 * instances share the work without a mailbox being read twice at once; the per-mailbox lease
 * in sync.ts guards the rest. A cron re-starts the tick chain if an instance died holding it.
 */
export async function startEmailWorkers(boss: Boss, db: Db): Promise<void> {
  const poll = envValue("KONVERSIO_EMAIL_POLL_SECONDS");
  await boss.work(QUEUES.emailTick, { pollingIntervalSeconds: 1 }, async () => {
    try {
      for (const inboxId of await dueMailboxes(db)) {
        await queueMailboxSync(boss, inboxId);
      }
    } finally {
      await boss.send(QUEUES.emailTick, {}, { singletonKey: TICK_KEY, startAfter: poll });
    }
  });
  for (let i = 0; i < SYNC_WORKERS; i++) {
    await boss.work(QUEUES.emailSync, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
      await syncMailbox(db, job!.data.inboxId);
    });
  }
  await boss.schedule(QUEUES.emailTick, "* * * * *", {}, { singletonKey: TICK_KEY });
  await boss.send(QUEUES.emailTick, {}, { singletonKey: TICK_KEY });
  if (envValue("KONVERSIO_EMAIL_IDLE")) {
    // Pushes from IMAP IDLE queue a sync the moment mail arrives (watch.ts); the poll above stays the safety net.
    const claims = envValue("KONVERSIO_EMBEDDED_DB") ? localClaims() : advisoryClaims(envValue("DATABASE_URL"));
    const watchers = startMailWatchers(db, { claims, onNewMail: (inboxId) => queueMailboxSync(boss, inboxId) });
    // A new, changed, deleted or recovered inbox is watched (or let go) right away, not at the next look.
    let soon: ReturnType<typeof setTimeout> | undefined;
    await subscribe((e) => {
      if (e.type !== "inbox.updated") return;
      clearTimeout(soon);
      soon = setTimeout(() => void watchers.reconcile(), 500);
    });
  }
}
