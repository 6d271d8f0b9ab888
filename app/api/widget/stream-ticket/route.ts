import { VISITOR_HEADER, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { streamTicketFor } from "@/lib/widget/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/widget/stream-ticket?token=T — a ~60 s ticket for opening the event stream (docs/widget-protocol.md §5). */
export const POST = widgetRoute(async ({ req, inbox }) => streamTicketFor(inbox, req.headers.get(VISITOR_HEADER)));

export const OPTIONS = widgetPreflight;

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST, OPTIONS });
