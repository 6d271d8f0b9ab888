import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contactAvatars, contacts, conversations, inboxes } from "@/db/schema";
import { sniffImage } from "@/lib/attachments/sniff";
import { getAdapter } from "@/lib/channels/registry";
import { PermanentDeliveryError } from "@/lib/channels/types";
import type { FetchProfileJob } from "@/lib/conversations/ingest";
import { inboxContext } from "@/lib/inboxes/context";
import { publish } from "@/lib/realtime/bus";
import { log } from "@/lib/log";

/** Profile pictures are small; anything bigger is not a profile picture worth keeping. */
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

/** The contact's conversations in one inbox, for the realtime refresh (a job: no user, so no visibility filter). */
async function systemConversationIdsOfContact(db: Db, contactId: string, inboxId: string) {
  return db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.inboxId, inboxId)));
}

/**
 * Job handler: asks the channel for the contact's profile once, when they first write. Fills in
 * a missing name (never overwrites one an agent may have edited) and stores the picture if its
 * bytes are really an image.
 */
export async function fetchContactProfile(db: Db, job: FetchProfileJob, opts: { finalAttempt: boolean }): Promise<void> {
  const [inbox] = await db.select().from(inboxes).where(eq(inboxes.id, job.inboxId));
  const adapter = inbox && !inbox.deletedAt ? getAdapter(inbox.channelType) : undefined;
  if (!inbox || !adapter?.fetchProfile) return;
  let profile;
  try {
    profile = await adapter.fetchProfile(job.sourceId, inboxContext(inbox));
  } catch (e) {
    // A profile is a nicety: a refusal or the last failed attempt just leaves the contact as it is.
    if (e instanceof PermanentDeliveryError || opts.finalAttempt) {
      log.warn("profile", `no profile for contact ${job.contactId}`, e);
      return;
    }
    throw e;
  }
  if (!profile) return;
  const name = profile.name?.trim().slice(0, 255) || null;
  const avatar = profile.avatar && profile.avatar.bytes.byteLength <= MAX_AVATAR_BYTES ? profile.avatar : undefined;
  const avatarType = avatar ? sniffImage(avatar.bytes) : null;
  await db.transaction(async (tx) => {
    if (avatar && avatarType) {
      const bytes = Buffer.from(avatar.bytes.buffer, avatar.bytes.byteOffset, avatar.bytes.byteLength);
      await tx
        .insert(contactAvatars)
        .values({ contactId: job.contactId, contentType: avatarType, bytes })
        .onConflictDoUpdate({ target: contactAvatars.contactId, set: { contentType: avatarType, bytes, updatedAt: new Date() } });
    }
    await tx
      .update(contacts)
      .set({
        name: sql`coalesce(${contacts.name}, ${name})`,
        ...(avatar && avatarType ? { avatarAt: new Date() } : {}),
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, job.contactId));
  });
  const convs = await systemConversationIdsOfContact(db, job.contactId, job.inboxId);
  if (convs.length) await publish(db, ...convs.map((c) => ({ type: "conversation.updated" as const, conversationId: c.id, inboxId: job.inboxId })));
}
