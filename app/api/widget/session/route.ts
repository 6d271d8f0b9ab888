import { clientIp } from "@/lib/http/client-ip";
import { foreignOrigin, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { startSession } from "@/lib/widget/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** POST /api/widget/session?token=T — start or resume a visitor (docs/widget-protocol.md §2); 429 past the per-address limit. */
export const POST = widgetRoute(async ({ req, db, inbox }) =>
  startSession(db, inbox, await readWidgetJson(req), { pageHost: foreignOrigin(req), clientIp: clientIp(req.headers) }),
);
export const OPTIONS = widgetPreflight;

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST, OPTIONS });
