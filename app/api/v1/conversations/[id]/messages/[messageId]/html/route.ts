import { emailHtmlResponse } from "@/lib/channels/email/view";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET [?images=1] — an email's sanitized HTML as an isolated document (strict CSP, sandbox); remote images only with images=1. */
export const GET = apiRoute<{ id: string; messageId: string }>(async ({ db, actor, req, params }) =>
  emailHtmlResponse(db, actor, params.id, params.messageId, { images: new URL(req.url).searchParams.get("images") === "1" }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
