import { foreignOrigin, readWidgetJson, widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { startSession } from "@/lib/widget/session";

export const dynamic = "force-dynamic";

/** POST /api/widget/session?token=T — start or resume a visitor (docs/widget-protocol.md §2). */
export const POST = widgetRoute(async ({ req, db, inbox }) =>
  startSession(db, inbox, await readWidgetJson(req), { pageHost: foreignOrigin(req) }),
);
export const OPTIONS = widgetPreflight;
