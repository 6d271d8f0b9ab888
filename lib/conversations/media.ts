import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes, messages, type Attachment } from "@/db/schema";
import { storeInboundMedia, toMessageAttachment } from "@/lib/attachments/store";
import { getAdapter } from "@/lib/channels/registry";
import { PermanentDeliveryError } from "@/lib/channels/types";
import { MediaTooLargeError } from "@/lib/channels/shared/download";
import { inboxContext } from "@/lib/inboxes/context";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import type { FetchMediaJob } from "./ingest";

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "application/pdf": "pdf",
};

/** "Photo" → "Photo.jpg": placeholders are labels; stored files deserve a name with an extension. */
function fileName(label: string, contentType: string | undefined, providerName: string | undefined): string {
  if (providerName) return providerName;
  const ext = contentType ? EXTENSIONS[contentType.split(";")[0]!.trim().toLowerCase()] : undefined;
  return ext && !/\.[a-z0-9]{2,4}$/i.test(label) ? `${label}.${ext}` : label;
}

/** Failures that retrying the download will not fix: shown on the attachment instead of retried. */
const isPermanent = (e: unknown) => e instanceof PermanentDeliveryError || e instanceof MediaTooLargeError || e instanceof AppError;

async function setEntry(db: Db, messageId: string, index: number, entry: Attachment) {
  // jsonb_set on one index, so two items finishing at once cannot overwrite each other.
  await db
    .update(messages)
    .set({ attachments: sql`jsonb_set(${messages.attachments}, ${`{${index}}`}::text[], ${JSON.stringify(entry)}::jsonb)` })
    .where(eq(messages.id, messageId));
}

/** A message with its inbox, by id alone (a job: no user, so no visibility filter). */
async function systemMessageWithInbox(db: Db, messageId: string) {
  const [row] = await db.select({ m: messages, inbox: inboxes }).from(messages).innerJoin(inboxes, eq(inboxes.id, messages.inboxId)).where(eq(messages.id, messageId));
  return row;
}

/**
 * Job handler: downloads an inbound message's provider media through its adapter and stores it
 * with the app's attachments. Items already stored are skipped, so a retried job only redoes
 * what failed; transient failures throw (pg-boss retries) until the final attempt.
 */
export async function fetchInboundMedia(db: Db, job: FetchMediaJob, opts: { finalAttempt: boolean }): Promise<void> {
  const row = await systemMessageWithInbox(db, job.messageId);
  if (!row) return;
  const adapter = getAdapter(row.inbox.channelType);
  const ctx = inboxContext(row.inbox);
  let retry: unknown = null;
  let changed = false;
  for (const item of job.items) {
    const current = row.m.attachments[item.index];
    if (!current?.pending) continue;
    try {
      if (row.inbox.deletedAt || !adapter?.fetchMedia) throw new PermanentDeliveryError("The inbox no longer exists, so the file could not be downloaded");
      const media = await adapter.fetchMedia(item.ref, ctx);
      const contentType = media.contentType ?? item.contentType;
      const stored = await storeInboundMedia(db, {
        inboxId: row.inbox.id,
        conversationId: row.m.conversationId,
        name: fileName(current.name, contentType, media.name ?? item.name),
        bytes: media.bytes,
        declaredType: contentType,
      });
      await setEntry(db, row.m.id, item.index, toMessageAttachment(stored));
      changed = true;
    } catch (e) {
      if (isPermanent(e) || opts.finalAttempt) {
        const reason = e instanceof Error ? e.message : "The file could not be downloaded";
        await setEntry(db, row.m.id, item.index, { ...current, pending: undefined, error: reason } as Attachment);
        changed = true;
      } else {
        retry ??= e;
      }
    }
  }
  if (changed) await publish(db, { type: "message.updated", conversationId: row.m.conversationId, messageId: row.m.id, inboxId: row.inbox.id });
  if (retry) throw retry;
}
