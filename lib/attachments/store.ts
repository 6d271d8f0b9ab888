import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attachments, type Attachment } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { detectContentType } from "./sniff";
import { sniffImage } from "./sniff";
import { formatBytes, isImageType, MAX_ATTACHMENT_BYTES, MAX_INBOUND_MEDIA_BYTES, PROVIDER_MEDIA_TYPE } from "./types";

export type StoredAttachment = typeof attachments.$inferSelect;
export type AttachmentMeta = Omit<StoredAttachment, "bytes" | "preview">;

const metaColumns = {
  id: attachments.id,
  inboxId: attachments.inboxId,
  conversationId: attachments.conversationId,
  visitorSourceId: attachments.visitorSourceId,
  uploaderUserId: attachments.uploaderUserId,
  contentType: attachments.contentType,
  name: attachments.name,
  size: attachments.size,
  createdAt: attachments.createdAt,
};

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

/** The stored attachment an `/api/attachments/<id>` URL names, or null for any other URL. */
export function attachmentIdFromUrl(url: string): string | null {
  const m = /^\/api\/attachments\/([0-9a-f-]{36})$/i.exec(url);
  return m && isUuid(m[1]!) ? m[1]! : null;
}

/** The shape messages carry (`messages.attachments`). */
export const toMessageAttachment = (a: Pick<AttachmentMeta, "id" | "name" | "contentType" | "size">): Attachment => ({
  name: a.name,
  contentType: a.contentType,
  size: a.size,
  url: attachmentUrl(a.id),
});

export const TOO_LARGE = `Files can be up to ${formatBytes(MAX_ATTACHMENT_BYTES)}`;
export const NOT_ALLOWED = "This kind of file cannot be sent: use an image (PNG, JPEG, GIF, WebP) or a PDF, TXT, CSV, DOCX, XLSX or ZIP file";

/** A file name safe to store and to put in a header: no paths, no control characters, bounded. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return clean || "file";
}

/** Validates and stores one upload; the content type comes from the bytes, never the browser. */
export async function storeAttachment(
  db: DbOrTx,
  input: { inboxId: string; visitorSourceId: string | null; uploaderUserId?: string; name: string; bytes: Uint8Array },
  /** A further rule of the channel the file will go out on (e.g. Twilio's MMS sizes): words when it would be refused. */
  channelProblem?: (file: { name: string; contentType: string; size: number }) => string | null,
): Promise<AttachmentMeta> {
  if (input.bytes.byteLength === 0) throw new AppError("validation", "The file is empty");
  if (input.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new AppError("validation", TOO_LARGE);
  const name = cleanName(input.name);
  const contentType = detectContentType(input.bytes, name);
  if (!contentType) throw new AppError("validation", NOT_ALLOWED);
  const problem = channelProblem?.({ name, contentType, size: input.bytes.byteLength });
  if (problem) throw new AppError("validation", problem);
  const [row] = await db
    .insert(attachments)
    .values({
      inboxId: input.inboxId,
      visitorSourceId: input.visitorSourceId,
      uploaderUserId: input.uploaderUserId ?? null,
      name,
      contentType,
      size: input.bytes.byteLength,
      bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    })
    .returning(metaColumns);
  return row!;
}


/**
 * Stores a file downloaded from a provider for an inbound message. Images must prove their type
 * by their bytes; audio, video and documents keep the provider's declared type (played or
 * downloaded, never rendered as a page); anything else becomes an opaque download.
 */
export async function storeInboundMedia(
  db: DbOrTx,
  // null: the conversation is not known yet (an email's files are stored before the mail is ingested, then bound with attachToConversation).
  input: { inboxId: string; conversationId: string | null; name: string; bytes: Uint8Array; declaredType?: string },
): Promise<AttachmentMeta> {
  if (input.bytes.byteLength > MAX_INBOUND_MEDIA_BYTES) throw new AppError("validation", `Files can be up to ${formatBytes(MAX_INBOUND_MEDIA_BYTES)}`);
  const declared = (input.declaredType ?? "").split(";")[0]!.trim().toLowerCase();
  const image = sniffImage(input.bytes);
  const contentType = image ?? (PROVIDER_MEDIA_TYPE.test(declared) ? declared : "application/octet-stream");
  const [row] = await db
    .insert(attachments)
    .values({
      inboxId: input.inboxId,
      conversationId: input.conversationId,
      visitorSourceId: null,
      name: cleanName(input.name),
      contentType,
      size: input.bytes.byteLength,
      bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    })
    .returning(metaColumns);
  return row!;
}

/** One attachment with its bytes; null for unknown or malformed ids. */
export async function systemFindAttachment(db: DbOrTx, id: string): Promise<StoredAttachment | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row ?? null;
}

/** Metadata (no bytes) of the given ids that one visitor uploaded in one inbox. */
export async function findVisitorUploads(db: DbOrTx, inboxId: string, visitorSourceId: string, ids: string[]): Promise<AttachmentMeta[]> {
  if (!ids.length || !ids.every(isUuid)) return [];
  return db
    .select(metaColumns)
    .from(attachments)
    .where(and(eq(attachments.inboxId, inboxId), eq(attachments.visitorSourceId, visitorSourceId), inArray(attachments.id, ids)));
}

/** Metadata of the given ids that one agent uploaded for one inbox. */
export async function findAgentUploads(db: DbOrTx, inboxId: string, userId: string, ids: string[]): Promise<AttachmentMeta[]> {
  if (!ids.length || !ids.every(isUuid)) return [];
  return db
    .select(metaColumns)
    .from(attachments)
    .where(and(eq(attachments.inboxId, inboxId), eq(attachments.uploaderUserId, userId), inArray(attachments.id, ids)));
}

/** Binds not-yet-attached uploads to the conversation their message went to; returns how many it bound. */
export async function attachToConversation(db: DbOrTx, ids: string[], conversationId: string): Promise<number> {
  if (!ids.length) return 0;
  const bound = await db
    .update(attachments)
    .set({ conversationId })
    .where(and(inArray(attachments.id, ids), isNull(attachments.conversationId)))
    .returning({ id: attachments.id });
  return bound.length;
}

/**
 * The bytes as a response: images inline under their sniffed type, everything else as a
 * download; never sniffed by the browser, never cached by shared caches.
 */
export function attachmentResponse(a: StoredAttachment): Response {
  return fileResponse(a.bytes, a.contentType, a.name);
}

/** An image's preview (lib/attachments/preview.ts): always a JPEG, named after the file. */
export function previewResponse(a: StoredAttachment, preview: Buffer): Response {
  return fileResponse(preview, "image/jpeg", `${a.name.replace(/\.[^.]*$/, "")}-preview.jpg`);
}

function fileResponse(bytes: Buffer, contentType: string, name: string): Response {
  const image = isImageType(contentType);
  const encoded = encodeURIComponent(name);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-length": String(bytes.byteLength),
      "content-disposition": `${image ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "cache-control": "private, max-age=3600",
    },
  });
}
