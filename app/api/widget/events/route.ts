import { VISITOR_HEADER, widgetRoute } from "@/lib/widget/http";
import { redeemStreamTicket, resolveVisitor } from "@/lib/widget/session";
import { widgetEventStream } from "@/lib/widget/stream";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/widget/events?token=T&ticket=K — the visitor's live feed (docs/widget-protocol.md §5). */
export const GET = widgetRoute(async ({ req, db, inbox, url }) => {
  // EventSource cannot send headers, so the browser brings a short-lived ticket in the query string
  // (never the visitor token: URLs end up in logs). Clients that can send headers may use the token.
  const ticket = url.searchParams.get("ticket");
  const visitor = ticket !== null ? await redeemStreamTicket(db, inbox, ticket) : resolveVisitor(inbox, req.headers.get(VISITOR_HEADER));
  // The ticket only opens the stream: once open, it stays open past the ticket's expiry.
  return new Response(widgetEventStream(db, inbox, visitor, req.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
