import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation } from "@/lib/access/visibility";
import { AppError, notFound } from "@/lib/errors";
import { toWidgetInbox } from "@/lib/widget/inbox";
import { resolveVisitor } from "@/lib/widget/session";
import { loadActor } from "@/lib/access/actor";
import { userIdForToken } from "@/lib/auth/tokens";
import { widgetErrorResponse as errorResponse } from "@/lib/widget/http";
import { attachmentResponse, findAttachment, type StoredAttachment } from "./store";

const NOT_FOUND = "Attachment not found";

/** A visitor may read what they uploaded, through a token valid for the attachment's live website inbox. */
async function visitorMayRead(db: Db, a: StoredAttachment, visitorToken: string): Promise<boolean> {
  if (!a.visitorSourceId) return false;
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, a.inboxId));
  if (!row || row.deletedAt || row.channelType !== "website") return false;
  try {
    const visitor = resolveVisitor(toWidgetInbox(row), visitorToken);
    return visitor.inboxId === a.inboxId && visitor.sourceId === a.visitorSourceId;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

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
 * GET /api/attachments/:id. Everything that is not allowed — unknown id, another visitor,
 * another inbox, a conversation the user cannot see, no credentials — is the same 404.
 */
export async function readAttachment(
  db: Db,
  id: string,
  who: { visitorToken?: string | null; actor?: () => Promise<Actor | null> },
): Promise<StoredAttachment> {
  const a = await findAttachment(db, id);
  if (!a) throw notFound(NOT_FOUND);
  if (who.visitorToken && (await visitorMayRead(db, a, who.visitorToken))) return a;
  const actor = who.actor ? await who.actor() : null;
  if (actor && (await actorMayRead(db, a, actor))) return a;
  throw notFound(NOT_FOUND);
}

/** A bearer token's user, or null (a bad token is simply nobody here: the answer is 404 either way). */
async function bearerActor(db: Db, req: Request): Promise<Actor | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  const userId = m ? await userIdForToken(db, m[1]!) : null;
  return userId ? loadActor(db, userId) : null;
}

/**
 * The whole GET /api/attachments/:id: `?visitor=` token, bearer token, or the signed-in session
 * (`sessionActor`, passed in by the route so this module stays free of the auth framework).
 */
export async function serveAttachment(db: Db, req: Request, id: string, sessionActor: () => Promise<Actor | null>): Promise<Response> {
  try {
    const visitorToken = new URL(req.url).searchParams.get("visitor");
    const actor = async () => (req.headers.get("authorization") ? bearerActor(db, req) : req.headers.get("cookie") ? sessionActor() : null);
    return attachmentResponse(await readAttachment(db, id, { visitorToken, actor }));
  } catch (e) {
    return errorResponse(e);
  }
}
