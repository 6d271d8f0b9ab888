import "server-only";
import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { CHAT_JS, CHAT_JS_HASH } from "./client/bundle.generated";
import type { PageData } from "./client/types";
import { loadWidgetInbox, publicWidgetConfig, type WidgetInbox } from "./inbox";
import { contentSecurityPolicy, renderWidgetHtml } from "./page-html";

async function find(db: DbOrTx, token: string): Promise<WidgetInbox | "gone" | "not_found"> {
  try {
    return await loadWidgetInbox(db, token);
  } catch (e) {
    if (e instanceof AppError && (e.code === "not_found" || e.code === "gone")) return e.code;
    throw e;
  }
}

/**
 * GET /widget/<websiteToken>[?preview=1]: the chat page (200), or a page saying the chat is
 * switched off (410 deleted, 404 unknown) — the loader never opens those, but a stale iframe may.
 */
export async function widgetPage(db: DbOrTx, token: string, opts: { preview?: boolean } = {}): Promise<Response> {
  const inbox = await find(db, token);
  const data: PageData =
    typeof inbox === "string" ? { state: inbox } : { state: "ok", token, preview: !!opts.preview, config: publicWidgetConfig(inbox) };
  const { html, styleHash } = renderWidgetHtml(data, typeof inbox === "string" ? "" : inbox.widget.widgetColor);
  return new Response(html, {
    status: typeof inbox === "string" ? (inbox === "gone" ? 410 : 404) : 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Always fresh: a colour change or a deleted inbox shows on the next open.
      "cache-control": "no-store",
      "content-security-policy": contentSecurityPolicy(styleHash, typeof inbox === "string" ? [] : inbox.widget.allowedDomains),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex, nofollow",
    },
  });
}

/**
 * GET /widget/chat.js?v=<hash>: the chat script. The page asks for the current hash, which may be
 * cached for good; any other (or no) version is answered with today's script but must revalidate,
 * so an old page during a deploy never pins the wrong code.
 */
export function chatScript(req: Request): Response {
  const current = new URL(req.url).searchParams.get("v") === CHAT_JS_HASH;
  return new Response(CHAT_JS, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": current ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}
