import "server-only";
import type { Db, DbOrTx } from "@/db/client";
import type { Attachment } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireReplyableConversation } from "@/lib/access/visibility";
import { findAgentUploads, storeAttachment, toMessageAttachment } from "@/lib/attachments/store";
import { readUploadedFile } from "@/lib/attachments/upload";
import { getAdapter } from "@/lib/channels/registry";
import { AppError } from "@/lib/errors";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxRow } from "@/lib/inboxes/create";
import { recordAttempt, retryAfter, type Limit } from "@/lib/security/rate-limit";

export const AGENT_UPLOAD_LIMIT: Limit = { max: 60, windowSeconds: 60 };

export type UploadedAttachment = Attachment & { id: string };

/**
 * POST /api/v1/conversations/:id/attachments: an agent's file for a reply or note in a
 * conversation they can answer. It belongs to nothing until a message uses it (unsent uploads
 * are purged after a day).
 */
export async function uploadAgentAttachment(db: Db, actor: Actor, ref: string, req: Request): Promise<UploadedAttachment> {
  const conv = await requireReplyableConversation(db, actor, ref);
  const key = `agent-upload:${actor.id}`;
  const wait = await retryAfter(db, key, AGENT_UPLOAD_LIMIT);
  if (wait > 0) throw new AppError("rate_limited", "You are uploading files too quickly. Please wait a moment.", undefined, wait);
  const file = await readUploadedFile(req);
  const stored = await storeAttachment(db, { inboxId: conv.inboxId, visitorSourceId: null, uploaderUserId: actor.id, ...file }, await channelFileRule(db, conv.inboxId));
  await recordAttempt(db, key, AGENT_UPLOAD_LIMIT);
  return { id: stored.id, ...toMessageAttachment(stored) };
}

/** The inbox's channel rule for outgoing files, if it has one (checked at upload: the agent hears it before sending). */
async function channelFileRule(db: Db, inboxId: string) {
  const row = await findInboxRow(db, inboxId);
  const adapter = row && getAdapter(row.channelType);
  if (!row || !adapter?.outboundFileProblem) return undefined;
  const ctx = inboxContext(row);
  return (file: { name: string; contentType: string; size: number }) => adapter.outboundFileProblem!(file, ctx);
}

/** The uploads a message may carry: this agent's own, for this inbox, not yet in another message. */
export async function agentAttachmentsFor(db: DbOrTx, actor: Actor, inboxId: string, ids: string[]): Promise<Attachment[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await findAgentUploads(db, inboxId, actor.id, unique);
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (unique.some((id) => !byId.has(id))) throw new AppError("validation", "Unknown attachment: upload the file again", { attachmentIds: ["Upload the file again"] });
  if (rows.some((r) => r.conversationId)) throw new AppError("validation", "This file was already sent: upload it again to send it once more", { attachmentIds: ["Already sent"] });
  return unique.map((id) => toMessageAttachment(byId.get(id)!));
}
