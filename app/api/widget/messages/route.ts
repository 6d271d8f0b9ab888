import { readWidgetJson, VISITOR_HEADER, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { listVisitorMessages, sendVisitorMessage } from "@/lib/widget/messages";
import { resolveVisitor } from "@/lib/widget/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/widget/messages?token=T — the visitor's history (docs/widget-protocol.md §3). */
export const GET = widgetRoute(async ({ req, db, inbox }) => listVisitorMessages(db, resolveVisitor(inbox, req.headers.get(VISITOR_HEADER))));

/** POST /api/widget/messages?token=T — a visitor's message; 201, or 200 for a repeated clientId (§4). */
export const POST = widgetRoute(async ({ req, db, inbox }) => {
  const visitor = resolveVisitor(inbox, req.headers.get(VISITOR_HEADER));
  const { message, created } = await sendVisitorMessage(db, inbox, visitor, await readWidgetJson(req));
  return Response.json(message, { status: created ? 201 : 200 });
});

export const OPTIONS = widgetPreflight;

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST, OPTIONS });
