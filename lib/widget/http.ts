import "server-only";
import { closeIfAbandoned, readJsonBody } from "@/lib/http/body";
import { errorResponseFor } from "@/lib/http/envelope";
import { getDb, type Db } from "@/db/client";
import { appUrl } from "@/lib/env";
import { forbidden } from "@/lib/errors";
import { hostAllowed } from "./domains";
import { loadWidgetInbox, type WidgetInbox } from "./inbox";

/** Visitor bodies are a message or a session: anything bigger is not a widget talking. */
export const MAX_WIDGET_BODY_BYTES = 32 * 1024;

export const VISITOR_HEADER = "x-konversio-visitor";

/** Reads a small JSON body; too big or broken is a 400, never a 500. */
export const readWidgetJson = (req: Request): Promise<unknown> => readJsonBody(req, MAX_WIDGET_BODY_BYTES);

/**
 * Errors in the contract's shape (lib/http/envelope.ts) — `fields` lets the pre-chat form mark
 * the field. Not lib/http/api's errorResponse, whose module pulls in the agents' session
 * machinery that the public widget endpoints have no use for.
 */
export const widgetErrorResponse = (e: unknown): Response => errorResponseFor(e, "widget");

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The Origin header when it is a page other than this app (the chat iframe is the app itself). */
export function foreignOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  if (!origin) return null;
  if (origin === originOf(appUrl()) || origin === originOf(req.url)) return null;
  return origin;
}

/** Whether the calling page may use this inbox's widget: any page without a list, else listed hosts and their subdomains. */
export function originAllowed(req: Request, inbox: WidgetInbox): boolean {
  const origin = foreignOrigin(req);
  return origin === null || hostAllowed(inbox.widget.allowedDomains, origin);
}

function corsHeaders(req: Request, inbox: WidgetInbox | null): Record<string, string> {
  const origin = req.headers.get("origin");
  const headers: Record<string, string> = { vary: "Origin" };
  // Without an inbox (404/410) the answer reveals nothing, and the loader needs to read it to stay quiet.
  if (origin && (!inbox || originAllowed(req, inbox))) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-allow-methods"] = "GET, POST, OPTIONS";
    headers["access-control-allow-headers"] = `content-type, ${VISITOR_HEADER}`;
    headers["access-control-max-age"] = "600";
  }
  return headers;
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

type Handler = (args: { req: Request; db: Db; inbox: WidgetInbox; url: URL }) => Promise<Response | unknown>;

/**
 * A widget endpoint: website token (`?token=`) → inbox (404/410) → origin check (403 when the
 * inbox lists allowed domains and the calling page is not on them) → handler → JSON with CORS.
 */
export function widgetRoute(handler: Handler) {
  return async (req: Request): Promise<Response> => {
    let inbox: WidgetInbox | null = null;
    try {
      const url = new URL(req.url);
      const db = getDb();
      inbox = await loadWidgetInbox(db, url.searchParams.get("token"));
      if (!originAllowed(req, inbox)) throw forbidden("This website is not allowed to use this chat");
      const result = await handler({ req, db, inbox, url });
      const res = result instanceof Response ? result : Response.json(result);
      if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
      return withHeaders(res, corsHeaders(req, inbox));
    } catch (e) {
      return closeIfAbandoned(req, withHeaders(widgetErrorResponse(e), corsHeaders(req, inbox)));
    }
  };
}

/** CORS preflight for any widget endpoint. */
export const widgetPreflight = widgetRoute(async () => new Response(null, { status: 204 }));
