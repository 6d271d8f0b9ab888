import { errorJson } from "@/lib/http/envelope";

/*
 * Any path under /api that no route serves (`/api`, `/api/v1`, `/api/v1/nope`, a mistyped id segment):
 * the JSON envelope rather than Next's HTML 404 page, whatever the method. More specific routes
 * always win over this catch-all.
 */
export const dynamic = "force-dynamic";

function notFound(req: Request): Response {
  return errorJson(404, "not_found", `No endpoint at ${new URL(req.url).pathname}; see /api/v1/openapi.json`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
