import "server-only";
import { getDb } from "@/db/client";
import { systemPurgeUnsentUploads } from "@/lib/attachments/purge";
import { deliverEvent, deliverMessage, DeliveryBusy, RetryDelivery } from "@/lib/conversations/delivery";
import { systemWakeSnoozed } from "@/lib/conversations/update";
import { fetchInboundMedia } from "@/lib/conversations/media";
import { fetchContactProfile } from "@/lib/contacts/profile";
import { startEmailWorkers } from "@/lib/channels/email/jobs";
import { systemJustWentAway } from "@/lib/assignment/presence";
import { systemServeAllQueues } from "@/lib/assignment/queue";
import { publish } from "@/lib/realtime/bus";
import { systemSweepTimeRules } from "@/lib/automation/sweep";
import { systemDeliverRuleWebhook } from "@/lib/automation/webhook";
import { systemPurgeUsedTickets } from "@/lib/widget/session";
import { DELIVERY_RETRY_LIMIT, enqueue, getBoss, QUEUES, retryDelaySeconds } from "./queue";

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
  await boss.work(QUEUES.deliverMessage, options, async ([job]) => {
    const { messageId, attempt = 0 } = job!.data;
    try {
      await deliverMessage(db, messageId, { finalAttempt: attempt + job!.retryCount >= DELIVERY_RETRY_LIMIT });
    } catch (e) {
      if (!(e instanceof RetryDelivery)) throw e; // unexpected (database down): pg-boss retries the job itself
      // The next attempt is its own job so it can wait exactly as long as the provider asked. Stepping
      // back for an attempt that is still sending is not an attempt of its own.
      const next = e instanceof DeliveryBusy ? attempt : attempt + 1;
      await enqueue(db, QUEUES.deliverMessage, { messageId, attempt: next }, { startAfter: retryDelaySeconds(attempt, e.retryAfterSeconds) });
    }
  });
  await boss.work(QUEUES.deliverEvent, options, async ([job]) => {
    await deliverEvent(db, job!.data, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT, eventId: job!.id });
  });
  await boss.work(QUEUES.fetchMedia, options, async ([job]) => {
    await fetchInboundMedia(db, job!.data, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT });
  });
  await boss.work(QUEUES.fetchProfile, options, async ([job]) => {
    await fetchContactProfile(db, job!.data, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT });
  });
  await boss.work(QUEUES.wakeSnoozed, options, async ([job]) => {
    await systemWakeSnoozed(db, job!.data.conversationId);
  });
  await boss.work(QUEUES.purgeUploads, { pollingIntervalSeconds: 30 }, async () => {
    // Each purge on its own: one failing must not keep the other's rows forever.
    await Promise.allSettled([
      systemPurgeUnsentUploads(db).then((removed) => removed && console.log(`[jobs] purged ${removed} unsent upload(s)`)),
      systemPurgeUsedTickets(db),
    ]);
  });
  await boss.work(QUEUES.automationWebhook, options, async ([job]) => {
    await systemDeliverRuleWebhook(db, job!.data, { finalAttempt: job!.retryCount >= DELIVERY_RETRY_LIMIT, eventId: job!.id });
  });
  await boss.work(QUEUES.automationSweep, { pollingIntervalSeconds: 5 }, async () => {
    const fired = await systemSweepTimeRules(db);
    if (fired) console.log(`[jobs] time rules fired ${fired} time(s)`);
  });
  // The assignment queues, at least every 30 s on every instance (serving is safe to run at once, lib/assignment/queue.ts).
  const sweep = setInterval(() => {
    systemServeAllQueues(db).catch((e) => console.warn("[jobs] assignment sweep failed", e));
    // Turning away happens by time alone; the dots learn it here (the window overlaps the next sweep).
    systemJustWentAway(db, 40)
      .then((ids) => (ids.length ? publish(db, ...ids.map((userId) => ({ type: "presence.changed" as const, userId }))) : undefined))
      .catch((e) => console.warn("[jobs] presence announcement failed", e));
  }, 30_000);
  sweep.unref();
  // pg-boss runs a schedule once across all instances.
  await boss.schedule(QUEUES.purgeUploads, "17 * * * *");
  await boss.schedule(QUEUES.automationSweep, "* * * * *");
  await startEmailWorkers(boss, db);
}
