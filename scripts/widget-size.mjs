#!/usr/bin/env node
/*
 * Prints the website widget's two sizes (issue 3):
 *   1. the loader, public/widget.js — raw and gzipped; exits 1 above its budget, 3 KB gzipped;
 *   2. everything the chat iframe makes a browser download when the visitor opens it: the page
 *      /widget/<token> (HTML with its inline CSS and config) and its one script /widget/chat.js.
 *      Target: ≤ 15 KB gzipped in total (a warning, not a failure).
 *
 * How (2) is measured — by default straight from the sources, no build or server needed: the page
 * as lib/widget/page-html.ts renders it for a sample inbox, plus the committed bundle
 * (lib/widget/client/bundle.generated.ts; `npm run widget:build` refreshes it). With
 * `--url http://host/widget/<token>` it fetches a running server's page and the same-origin
 * scripts and stylesheets it references instead (what a browser really requests).
 * Sizes are bytes and gzip -9 bytes (roughly what a compressing server sends).
 *
 * Usage: node scripts/widget-size.mjs [--url <widget page url>] [--json]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOADER_BUDGET = 3 * 1024;
const PAGE_TARGET = 15 * 1024;
const args = process.argv.slice(2);
const urlArg = args.includes("--url") ? args[args.indexOf("--url") + 1] : undefined;
const asJson = args.includes("--json");

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (file, buf) => ({ file, raw: Buffer.byteLength(buf), gzip: gz(buf) });

const SAMPLE = {
  state: "ok",
  token: "sample-website-token-0123456789",
  preview: false,
  config: {
    name: "Northwind Tea",
    widgetColor: "#0f766e",
    welcomeTitle: "Hi, we're Northwind 👋",
    welcomeTagline: "Questions about tea or your order? Ask away.",
    replyTime: "minutes",
    requireIdentity: false,
    position: "right",
    preChatEmail: false,
  },
};

/** The page and script from the sources (TypeScript, loaded through tsx). */
async function fromSources() {
  const { tsImport } = await import("tsx/esm/api");
  const here = pathToFileURL(path.join(root, "scripts/widget-size.mjs")).href;
  const page = await tsImport("../lib/widget/page-html.ts", here);
  const bundle = await tsImport("../lib/widget/client/bundle.generated.ts", here);
  const { html } = page.renderWidgetHtml(SAMPLE, SAMPLE.config.widgetColor);
  const css = bundle.CHAT_CSS;
  return {
    source: "sources (lib/widget/page-html.ts + bundle.generated.ts)",
    files: [row("/widget/<token> (HTML + inline CSS)", html), row(`${page.CHAT_SCRIPT_PATH}?v=${bundle.CHAT_JS_HASH}`, bundle.CHAT_JS)],
    css: row("inline CSS (part of the page)", css),
  };
}

async function fromUrl(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const html = await res.text();
  const files = [row(new URL(url).pathname, html)];
  const refs = new Set([
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"[^>]*>/g)].filter((m) => !/\bnomodule\b/.test(m[0])).map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>/g)].map((m) => m[1]),
  ]);
  for (const ref of refs) {
    const abs = new URL(ref.replace(/&amp;/g, "&"), url);
    if (abs.origin !== new URL(url).origin) continue;
    files.push(row(abs.pathname + abs.search, Buffer.from(await (await fetch(abs)).arrayBuffer())));
  }
  const inlineCss = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("");
  return { source: `fetched ${url}`, files, css: row("inline CSS (part of the page)", inlineCss) };
}

const loaderBuf = readFileSync(path.join(root, "public/widget.js"));
const loader = { raw: loaderBuf.length, gzip: gz(loaderBuf) };
let page = null;
try {
  page = urlArg ? await fromUrl(urlArg) : await fromSources();
  page.raw = page.files.reduce((n, f) => n + f.raw, 0);
  page.gzip = page.files.reduce((n, f) => n + f.gzip, 0);
} catch (e) {
  console.error(`widget-size: could not measure the chat page: ${e.message}`);
}

const loaderOk = loader.gzip <= LOADER_BUDGET;
if (asJson) {
  console.log(JSON.stringify({ loader, page }, null, 2));
} else {
  console.log(`Loader  public/widget.js   ${kb(loader.raw)} raw, ${kb(loader.gzip)} gzipped (${loader.gzip} B; budget 3 KB) ${loaderOk ? "✓" : "✗ OVER BUDGET"}`);
  if (page) {
    const ok = page.gzip <= PAGE_TARGET;
    console.log(`Iframe  chat page total    ${kb(page.raw)} raw, ${kb(page.gzip)} gzipped in ${page.files.length} requests (target 15 KB) ${ok ? "✓" : "✗ over target"}`);
    for (const f of page.files) console.log(`        ${f.file.padEnd(52)} ${kb(f.raw).padStart(8)} raw ${kb(f.gzip).padStart(8)} gzipped`);
    console.log(`        of the page: inline CSS ${kb(page.css.raw)} raw, ${kb(page.css.gzip)} gzipped on its own   (${page.source})`);
  }
}
process.exit(loaderOk ? 0 : 1);
