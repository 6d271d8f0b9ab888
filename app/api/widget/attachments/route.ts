import { uploadVisitorAttachment } from "@/lib/widget/attachments";
import { VISITOR_HEADER, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { resolveVisitor } from "@/lib/widget/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/widget/attachments?token=T — one visitor upload (multipart field `file`) → 201 (docs/widget-protocol.md §6). */
export const POST = widgetRoute(async ({ req, db, inbox }) => {
  const visitor = resolveVisitor(inbox, req.headers.get(VISITOR_HEADER));
  return Response.json(await uploadVisitorAttachment(db, inbox, visitor, req), { status: 201 });
});

export const OPTIONS = widgetPreflight;

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST, OPTIONS });
