import "server-only";
import type { Db } from "@/db/client";
import type { Attachment } from "@/db/schema";
import { storeAttachment, findVisitorUploads, toMessageAttachment } from "@/lib/attachments/store";
import { readUploadedFile } from "@/lib/attachments/upload";
import { AppError, forbidden } from "@/lib/errors";
import { recordAttempt, retryAfter, type Limit } from "@/lib/security/rate-limit";
import { sha256Hex } from "@/lib/security/crypto";
import type { WidgetInbox } from "./inbox";
import { visitorAttachment } from "./links";
import { IDENTITY_REQUIRED } from "./messages";
import type { Visitor } from "./visibility";

export const VISITOR_UPLOAD_LIMIT: Limit = { max: 20, windowSeconds: 60 };

export type UploadedAttachment = { id: string; name: string; contentType: string; size: number; url: string };

/** POST /api/widget/attachments: one file (multipart field `file`) uploaded by a visitor, not yet in any message. */
export async function uploadVisitorAttachment(db: Db, inbox: WidgetInbox, visitor: Visitor, req: Request): Promise<UploadedAttachment> {
  if (inbox.widget.requireIdentity && !visitor.verified) throw forbidden(IDENTITY_REQUIRED);
  const key = `widget-upload:${inbox.id}:${sha256Hex(visitor.sourceId)}`;
  const wait = await retryAfter(db, key, VISITOR_UPLOAD_LIMIT);
  if (wait > 0) throw new AppError("rate_limited", "You are uploading files too quickly. Please wait a moment.", undefined, wait);

  const file = await readUploadedFile(req);
  const stored = await storeAttachment(db, { inboxId: inbox.id, visitorSourceId: visitor.sourceId, ...file });
  await recordAttempt(db, key, VISITOR_UPLOAD_LIMIT);
  // The message will carry the plain url; the visitor gets a signed link to show the file now.
  return { id: stored.id, ...visitorAttachment(toMessageAttachment(stored)) };
}

/**
 * The attachments a visitor's message may carry: only their own uploads in this inbox, each not
 * yet sent (unless this is a retry of the message that sent it). Anything else is the same 400.
 */
export async function visitorAttachmentsFor(
  db: Db,
  inbox: WidgetInbox,
  visitor: Visitor,
  ids: string[],
  isRetry: () => Promise<boolean>,
): Promise<{ ids: string[]; attachments: Attachment[] }> {
  const unique = [...new Set(ids)];
  if (!unique.length) return { ids: [], attachments: [] };
  const rows = await findVisitorUploads(db, inbox.id, visitor.sourceId, unique);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = unique.some((id) => !byId.has(id));
  if (missing) throw new AppError("validation", "Unknown attachment: upload the file again");
  if (rows.some((r) => r.conversationId) && !(await isRetry())) {
    throw new AppError("validation", "This file was already sent: upload it again to send it once more");
  }
  return { ids: unique, attachments: unique.map((id) => toMessageAttachment(byId.get(id)!)) };
}
