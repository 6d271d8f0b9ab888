import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation } from "@/lib/access/visibility";
import { AppError, notFound } from "@/lib/errors";
import { bearerActor } from "@/lib/auth/bearer";
import { errorResponseFor } from "@/lib/http/envelope";
import { isOwnPreview, previewBytes, UndecodableImage } from "./preview";
import { isSignedPreviewLink, signedLinkPurpose, type LinkPurpose } from "./signed-url";
import { attachmentResponse, previewResponse, systemFindAttachment, type StoredAttachment } from "./store";
import { isImageType } from "./types";

const NOT_FOUND = "Attachment not found";

/** A signed-in user may read an attachment of a conversation they can see (the one visibility rule). */
async function actorMayRead(db: Db, a: StoredAttachment, actor: Actor): Promise<boolean> {
  if (!a.conversationId) return false;
  try {
    await requireVisibleConversation(db, actor, a.conversationId);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

/**
 * What a valid signature opens. Provider links: only files already in a conversation (what we
 * sent). Visitor links are minted only into payloads the visitor may see — their own upload may
 * not be in a message yet — and die with the website inbox, as the widget does.
 */
async function signedLinkMayRead(db: Db, a: StoredAttachment, purpose: LinkPurpose): Promise<boolean> {
  if (purpose === "provider") return Boolean(a.conversationId);
  const [inbox] = await db.select({ deletedAt: inboxes.deletedAt, channelType: inboxes.channelType }).from(inboxes).where(eq(inboxes.id, a.inboxId));
  return Boolean(inbox && !inbox.deletedAt && inbox.channelType === "website");
}

/**
 * An attachment for a signed-in user who can see its conversation. Everything that is not
 * allowed — unknown id, a conversation the user cannot see, no credentials — is the same 404.
 */
export async function readAttachment(db: Db, id: string, who: { actor?: () => Promise<Actor | null> }): Promise<StoredAttachment> {
  const a = await systemFindAttachment(db, id);
  if (!a) throw notFound(NOT_FOUND);
  const actor = who.actor ? await who.actor() : null;
  if (actor && (await actorMayRead(db, a, actor))) return a;
  throw notFound(NOT_FOUND);
}

/**
 * A preview link (`variant=preview`, signed for providers): the downscaled JPEG of an image in a
 * conversation, made on first request; an image small enough is its own preview. Anything else,
 * including an image that cannot be decoded, is the same 404 as an unknown id.
 */
async function servePreview(db: Db, id: string, query: URLSearchParams): Promise<Response> {
  const a = isSignedPreviewLink(id, query) ? await systemFindAttachment(db, id) : null;
  if (!a || !a.conversationId || !isImageType(a.contentType)) throw notFound(NOT_FOUND);
  if (isOwnPreview(a)) return attachmentResponse(a);
  try {
    return previewResponse(a, await previewBytes(db, a));
  } catch (e) {
    if (e instanceof UndecodableImage) throw notFound(NOT_FOUND);
    throw e;
  }
}

/**
 * The whole GET /api/attachments/:id: a signed link (providers, website visitors; providers' preview
 * links carry `variant=preview`), a bearer token, or the signed-in session (`sessionActor`, passed in by the route so this module stays
 * free of the auth framework).
 */
export async function serveAttachment(db: Db, req: Request, id: string, sessionActor: () => Promise<Actor | null>): Promise<Response> {
  try {
    const query = new URL(req.url).searchParams;
    if (query.has("variant")) return await servePreview(db, id, query);
    if (query.has("signature")) {
      const purpose = signedLinkPurpose(id, query);
      const a = purpose ? await systemFindAttachment(db, id) : null;
      if (!a || !(await signedLinkMayRead(db, a, purpose!))) throw notFound(NOT_FOUND);
      return attachmentResponse(a);
    }
    // A bad token is simply nobody here: the answer is 404 either way.
    const actor = async () => (req.headers.get("authorization") ? bearerActor(db, req.headers) : req.headers.get("cookie") ? sessionActor() : null);
    return attachmentResponse(await readAttachment(db, id, { actor }));
  } catch (e) {
    return errorResponseFor(e, "attachments");
  }
}
