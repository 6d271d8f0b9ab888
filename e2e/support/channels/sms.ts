import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes, messages } from "@/db/schema";
import { receiveWebhook } from "@/lib/channels/receive";

/** Shared by the Twilio and Bandwidth integration tests. */

/** The inbox's public id is the last segment of its webhook URL. */
export const publicIdOf = (inbox: { webhookUrl: string | null }) => new URL(inbox.webhookUrl!).pathname.split("/").pop()!;

/** Posts a webhook through the real pipeline, exactly as the route handler would. */
export function postSms(db: Db, inbox: { webhookUrl: string | null }, body: string, headers: Record<string, string>) {
  const url = new URL(inbox.webhookUrl!);
  return receiveWebhook(db, "sms", publicIdOf(inbox), {
    method: "POST",
    headers: new Headers(headers),
    query: url.searchParams,
    body: Buffer.from(body, "utf8"),
  });
}

export async function messagesOf(db: Db, inboxId: string) {
  return db.select().from(messages).where(eq(messages.inboxId, inboxId)).orderBy(messages.createdAt);
}

export async function inboxRow(db: Db, id: string) {
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, id));
  return row!;
}

export async function messageRow(db: Db, id: string) {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row!;
}
