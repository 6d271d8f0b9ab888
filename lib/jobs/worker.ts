import "server-only";
import { getDb } from "@/db/client";
import { purgeUnsentUploads } from "@/lib/attachments/purge";
import { deliverEvent, deliverMessage } from "@/lib/conversations/delivery";
import { wakeSnoozed } from "@/lib/conversations/update";
import { DELIVERY_RETRY_LIMIT, getBoss, QUEUES } from "./queue";

const g = globalThis as unknown as { __konversioWorkers?: boolean };

/** Starts this instance's job workers (one per app instance; pg-boss hands each job to one of them). */
export async function startWorkers(): Promise<void> {
  if (g.__konversioWorkers) return;
  g.__konversioWorkers = true;
  const boss = await getBoss().catch((e) => {
    g.__konversioWorkers = false; // a later call may try again
    throw e;
  });
  const db = getDb();
  const options = { includeMetadata: true as const, pollingIntervalSeconds: 0.5, batchSize: 1 };
  await boss.work<{ messageId: string }>(QUEUES.deliverMessage, options, async ([job]) => {
    await deliverMessage(db, job!.data.messageId, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT });
  });
  await boss.work<{ inboxId: string; conversationId: string; event: string; changes?: string[] }>(QUEUES.deliverEvent, options, async ([job]) => {
    await deliverEvent(db, job!.data, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT });
  });
  await boss.work<{ conversationId: string }>(QUEUES.wakeSnoozed, options, async ([job]) => {
    await wakeSnoozed(db, job!.data.conversationId);
  });
  await boss.work(QUEUES.purgeUploads, { pollingIntervalSeconds: 30 }, async () => {
    const removed = await purgeUnsentUploads(db);
    if (removed) console.log(`[jobs] purged ${removed} unsent upload(s)`);
  });
  // pg-boss runs a schedule once across all instances.
  await boss.schedule(QUEUES.purgeUploads, "17 * * * *");
}
