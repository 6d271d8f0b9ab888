import { createHash } from "node:crypto";
import { CHAT_CSS, CHAT_JS_HASH } from "./client/bundle.generated";
import { readableOn, safeColor } from "./client/format";
import type { PageData } from "./client/types";

/*
 * The chat page inside the loader's iframe: a small static document, no framework. Everything
 * the inbox's admin typed reaches it only as JSON in a non-executable <script type=
 * "application/json"> that the chat script reads and turns into text nodes — never as HTML. The
 * one value written into markup is the colour, and only after safeColor() proved it "#rrggbb".
 * (No "server-only": scripts/widget-size.mjs renders it to measure the real page.)
 */

export const CHAT_SCRIPT_PATH = "/widget/chat.js";

/** JSON that cannot end its <script> element or open a comment there, whatever the strings hold. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A strict policy: this origin's script only (so even injected markup could not run), the one
 * inline stylesheet by hash, requests and images from here (and https images agents may link).
 * With allowed domains, only those sites (and the app itself, for the admin preview) may frame it.
 */
export function contentSecurityPolicy(styleHash: string, allowedDomains: string[] = []): string {
  const parts = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' https: data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (allowedDomains.length) {
    const hosts = allowedDomains.flatMap((d) => [`http://${d}:*`, `https://${d}:*`, `http://*.${d}:*`, `https://*.${d}:*`]);
    parts.push(`frame-ancestors 'self' ${hosts.join(" ")}`);
  }
  return parts.join("; ");
}

export function renderWidgetHtml(data: PageData, color: string): { html: string; styleHash: string } {
  const c = safeColor(color);
  const style = `:root{--b:${c};--bf:${readableOn(c)}}${CHAT_CSS}`;
  const styleHash = createHash("sha256").update(style, "utf8").digest("base64");
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">' +
    '<meta name="robots" content="noindex,nofollow"><title>Chat</title>' +
    `<style>${style}</style>` +
    `<script type="application/json" id="kw-data">${scriptJson(data)}</script>` +
    `<script src="${CHAT_SCRIPT_PATH}?v=${CHAT_JS_HASH}" defer></script>` +
    '</head><body><div id="kw-root" class="w"><noscript><p style="padding:24px">This chat needs JavaScript.</p></noscript></div></body></html>';
  return { html, styleHash };
}
