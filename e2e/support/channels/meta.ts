import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { inboxes, messages } from "@/db/schema";
import type { Db } from "@/db/client";
import { receiveHandshake, receiveWebhook } from "@/lib/channels/receive";
import type { RawRequest } from "@/lib/channels/types";

/** Test helpers shared by the three Meta channels' integration tests. */

export const signMeta = (appSecret: string, raw: string | Buffer) => `sha256=${createHmac("sha256", appSecret).update(raw).digest("hex")}`;

/** A webhook POST as Meta sends it, signed with `appSecret` unless told otherwise. */
export function metaRequest(body: unknown, appSecret: string | null, opts: { signature?: string } = {}): Omit<RawRequest, "url"> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const headers = new Headers({ "content-type": "application/json" });
  const signature = opts.signature ?? (appSecret ? signMeta(appSecret, raw) : undefined);
  if (signature) headers.set("x-hub-signature-256", signature);
  return { method: "POST", headers, query: new URLSearchParams(), body: raw };
}

export const publicIdOf = (inbox: { webhookUrl: string | null }) => inbox.webhookUrl!.split("/").pop()!;

export function postMeta(db: Db, channel: string, inbox: { webhookUrl: string | null }, body: unknown, appSecret: string | null, opts?: { signature?: string }) {
  return receiveWebhook(db, channel, publicIdOf(inbox), metaRequest(body, appSecret, opts));
}

export function handshake(db: Db, channel: string, inbox: { webhookUrl: string | null }, params: Record<string, string>) {
  return receiveHandshake(db, channel, publicIdOf(inbox), new URLSearchParams(params));
}

export async function countMessages(db: Db, inboxId: string) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.inboxId, inboxId));
  return r!.n;
}

export async function countInboxes(db: Db) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(inboxes);
  return r!.n;
}

export async function messageRow(db: Db, id: string) {
  const [m] = await db.select().from(messages).where(eq(messages.id, id));
  return m!;
}

export async function inboxRow(db: Db, id: string) {
  const [m] = await db.select().from(inboxes).where(eq(inboxes.id, id));
  return m!;
}

/** A stand-in for a stored attachment on its way out. */
export const outboundFile = (name: string, contentType: string, bytes: Buffer) => ({
  id: `att-${name}`,
  name,
  contentType,
  size: bytes.length,
  publicUrl: `http://localhost:3999/api/attachments/att-${name}?sig=test`,
  read: async () => bytes,
});
