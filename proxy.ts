import { NextResponse, type NextRequest } from "next/server";
import { errorJson } from "@/lib/http/envelope";

/*
 * A path whose percent-encoding does not decode (`/api/v1/agents/%ZZ`, `%ED%A0%80` — half a
 * surrogate) made Next's own decoding of route parameters throw before any route ran: a 500 in
 * plain text. Such a path names nothing, so it is answered here: 400, in the JSON envelope under
 * /api (docs/architecture.md §6.3). The matcher only lets paths with a `%` reach this function.
 */
export function proxy(req: NextRequest) {
  const raw = req.nextUrl.pathname;
  try {
    for (const segment of raw.split("/")) decodeURIComponent(segment);
    return NextResponse.next();
  } catch {
    const message = "The address is not valid: its percent-encoding does not decode";
    if (raw.startsWith("/api/")) return errorJson(400, "validation", message);
    return new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}

export const config = { matcher: "/:path(.*%.*)" };
