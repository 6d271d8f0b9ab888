import { getDb } from "@/db/client";
import { auth } from "@/lib/auth/auth";
import { actorFromRequest } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/api";
import { eventStream } from "@/lib/realtime/stream";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    const actor = await actorFromRequest(req);
    const session = req.headers.get("authorization") ? null : await auth();
    const sv = (session?.user as { sessionVersion?: number } | undefined)?.sessionVersion;
    return new Response(eventStream(getDb(), actor, sv, req.signal), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
