#!/usr/bin/env node
/*
 * Prints the website widget's two size budgets (issue 3):
 *   1. the loader, public/widget.js — raw and gzipped; exits 1 above 3 KB (3072 bytes) gzipped;
 *   2. the JavaScript the iframe chat page /widget/[token] makes the browser download.
 *
 * How (2) is measured — by default from the production build (run `next build` first):
 *   .next/build-manifest.json `rootMainFiles` (Next's runtime + React, on every App Router page)
 *   ∪ every `entryJSFiles` list in .next/server/app/widget/[token]/page_client-reference-manifest.js
 *   (the chunks of the root layout, app/widget/layout.tsx and the page, i.e. the chat component).
 *   `polyfillFiles` are left out: they are <script nomodule>, which current browsers skip.
 * With `--url http://host/widget/<token>` it instead fetches the page from a running server and
 * sums the same-origin <script src> files it references (what a browser really requests).
 * Sizes are the files' bytes and their gzip -9 size (what a compressing server sends, roughly).
 *
 * Usage: node scripts/widget-size.mjs [--url <widget page url>] [--json]
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import vm from "node:vm";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOADER_BUDGET = 3 * 1024;
const args = process.argv.slice(2);
const urlArg = args.includes("--url") ? args[args.indexOf("--url") + 1] : undefined;
const asJson = args.includes("--json");

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function loaderSize() {
  const buf = readFileSync(path.join(root, "public/widget.js"));
  return { raw: buf.length, gzip: gz(buf) };
}

function fromBuild() {
  const dist = path.join(root, ".next");
  const buildManifest = path.join(dist, "build-manifest.json");
  const rsc = path.join(dist, "server/app/widget/[token]/page_client-reference-manifest.js");
  if (!existsSync(buildManifest) || !existsSync(rsc)) {
    throw new Error("No production build of /widget/[token] in .next — run `next build` first (or pass --url).");
  }
  const { rootMainFiles = [] } = JSON.parse(readFileSync(buildManifest, "utf8"));
  const sandbox = { globalThis: {} };
  vm.runInNewContext(readFileSync(rsc, "utf8"), sandbox);
  const manifest = Object.values(sandbox.globalThis.__RSC_MANIFEST ?? {})[0];
  if (!manifest?.entryJSFiles) throw new Error(`Unexpected manifest shape in ${rsc}`);
  const runtime = new Set(rootMainFiles);
  const all = new Set(rootMainFiles);
  for (const files of Object.values(manifest.entryJSFiles)) for (const f of files) all.add(f);
  return [...all].map((f) => {
    const buf = readFileSync(path.join(dist, f));
    return { file: f, raw: buf.length, gzip: gz(buf), runtime: runtime.has(f) };
  });
}

async function fromUrl(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const html = await res.text();
  const srcs = new Set([...html.matchAll(/<script[^>]*\bsrc="([^"]+)"[^>]*>/g)].filter((m) => !/\bnomodule\b/.test(m[0])).map((m) => m[1]));
  const out = [];
  for (const src of srcs) {
    const abs = new URL(src.replace(/&amp;/g, "&"), url);
    if (abs.origin !== new URL(url).origin) continue;
    const buf = Buffer.from(await (await fetch(abs)).arrayBuffer());
    out.push({ file: abs.pathname, raw: buf.length, gzip: gz(buf), runtime: false });
  }
  return out;
}

const loader = loaderSize();
let chunks;
try {
  chunks = urlArg ? await fromUrl(urlArg) : fromBuild();
} catch (e) {
  console.error(`widget-size: ${e.message}`);
  chunks = null;
}
const sum = (rows, k) => rows.reduce((n, r) => n + r[k], 0);
const page = chunks && {
  source: urlArg ? `fetched ${urlArg}` : ".next build manifests",
  files: chunks.length,
  raw: sum(chunks, "raw"),
  gzip: sum(chunks, "gzip"),
  ownGzip: urlArg ? undefined : sum(chunks.filter((c) => !c.runtime), "gzip"),
};

if (asJson) {
  console.log(JSON.stringify({ loader, page, chunks }, null, 2));
} else {
  const ok = loader.gzip <= LOADER_BUDGET;
  console.log(`Loader  public/widget.js       ${kb(loader.raw)} raw, ${kb(loader.gzip)} gzipped (${loader.gzip} B; budget 3 KB) ${ok ? "✓" : "✗ OVER BUDGET"}`);
  if (page) {
    console.log(`Iframe  /widget/[token] JS     ${kb(page.raw)} raw, ${kb(page.gzip)} gzipped in ${page.files} files (${page.source})`);
    if (page.ownGzip !== undefined) {
      console.log(`        of which Next/React runtime ${kb(page.gzip - page.ownGzip)}, layouts + chat component ${kb(page.ownGzip)} gzipped`);
    }
  }
}
process.exit(loader.gzip > LOADER_BUDGET ? 1 : 0);
