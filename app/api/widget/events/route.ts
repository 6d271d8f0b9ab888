import { VISITOR_HEADER, widgetRoute } from "@/lib/widget/http";
import { resolveVisitor } from "@/lib/widget/session";
import { widgetEventStream } from "@/lib/widget/stream";

export const dynamic = "force-dynamic";

/** GET /api/widget/events?token=T&visitor=V — the visitor's live feed (docs/widget-protocol.md §5). */
export const GET = widgetRoute(async ({ req, db, inbox, url }) => {
  // EventSource cannot send headers, so the token travels in the query string.
  const visitor = resolveVisitor(inbox, url.searchParams.get("visitor") ?? req.headers.get(VISITOR_HEADER));
  return new Response(widgetEventStream(db, inbox, visitor, req.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
