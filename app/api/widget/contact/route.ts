import { saveVisitorContact } from "@/lib/widget/contact";
import { readWidgetJson, VISITOR_HEADER, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { resolveVisitor } from "@/lib/widget/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/widget/contact?token=T — the pre-chat form: name and email onto the visitor's contact (docs/widget-protocol.md §8). */
export const POST = widgetRoute(async ({ req, db, inbox }) => {
  const visitor = resolveVisitor(inbox, req.headers.get(VISITOR_HEADER));
  return saveVisitorContact(db, inbox, visitor, await readWidgetJson(req));
});

export const OPTIONS = widgetPreflight;

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST, OPTIONS });
