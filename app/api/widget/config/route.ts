import { publicWidgetConfig } from "@/lib/widget/inbox";
import { widgetPreflight, widgetRoute } from "@/lib/widget/http";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/widget/config?token=T — how to draw the widget (docs/widget-protocol.md §1). */
export const GET = widgetRoute(async ({ inbox }) => publicWidgetConfig(inbox));
export const OPTIONS = widgetPreflight;

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET, OPTIONS });
