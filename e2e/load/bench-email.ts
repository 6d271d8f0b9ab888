/*
 * Benchmark: how often we find the exact new part of an email reply. Loads every case file in
 * lib/channels/email/reply-cases/ (each exports arrays of ReplyCase), runs plain-text cases
 * through newText and HTML cases through the preview's HTML path (newText of htmlNewPart),
 * and prints the share of exact new parts overall, per format, kind and language, then the misses.
 * `--candidates` also measures the libraries we evaluated (email-reply-parser, planer) on the
 * plain-text cases. Prints figures; asserts nothing.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { htmlNewPart } from "@/lib/channels/email/html";
import { newText } from "@/lib/channels/email/quoted-text";
import { sameText, type ReplyCase } from "@/lib/channels/email/reply-cases/types";

const here = path.dirname(fileURLToPath(import.meta.url));
const casesDir = path.resolve(here, "../../lib/channels/email/reply-cases");

const isCase = (v: unknown): v is ReplyCase =>
  typeof v === "object" && v !== null && "mail" in v && "newPart" in v && "format" in v;

async function loadCases(): Promise<ReplyCase[]> {
  const files = readdirSync(casesDir).filter((f) => f.endsWith(".ts") && f !== "types.ts" && !f.endsWith(".test.ts")).sort();
  const cases: ReplyCase[] = [];
  for (const file of files) {
    const mod: Record<string, unknown> = await import(pathToFileURL(path.join(casesDir, file)).href);
    for (const value of Object.values(mod)) if (Array.isArray(value)) cases.push(...value.filter(isCase));
  }
  return cases;
}

type Extract = (c: ReplyCase) => string;

/** HTML cases take the path the list preview takes for an HTML reply: the visible part, then newText (signatures out). */
const fromHtml: Extract = (c) => newText(htmlNewPart(c.mail));

async function candidates(): Promise<Record<string, Extract>> {
  const { default: EmailReplyParser } = await import("email-reply-parser");
  // planer is CommonJS without types: a plain specifier keeps the compiler from asking for them.
  const planerName: string = "planer";
  const planer = (await import(planerName)) as { extractFromPlain: (text: string) => string };
  return {
    "email-reply-parser": (c) => new EmailReplyParser().read(c.mail).getVisibleText(),
    "planer (plain)": (c) => planer.extractFromPlain(c.mail),
  };
}

const pct = (hit: number, all: number) => `${((100 * hit) / all).toFixed(1).padStart(5)} %  (${hit}/${all})`;

function report(title: string, cases: ReplyCase[], extract: Extract, listMisses: boolean) {
  const results = cases.map((c) => {
    let got: string;
    try {
      got = extract(c);
    } catch (err) {
      got = `<threw: ${(err as Error).message}>`;
    }
    return { c, got, hit: sameText(got, c.newPart) };
  });
  const hits = results.filter((r) => r.hit).length;
  console.log(`\n== ${title}: exact new part ${pct(hits, results.length)}`);
  for (const key of ["format", "kind", "language", "client"] as const) {
    const groups = new Map<string, { hit: number; all: number }>();
    for (const r of results) {
      const g = groups.get(r.c[key]) ?? { hit: 0, all: 0 };
      g.all++;
      if (r.hit) g.hit++;
      groups.set(r.c[key], g);
    }
    console.log(`  per ${key}:`);
    for (const [name, g] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`    ${name.padEnd(24)} ${pct(g.hit, g.all)}`);
  }
  const misses = results.filter((r) => !r.hit);
  if (listMisses && misses.length) {
    console.log(`  misses:`);
    for (const r of misses) {
      const show = (s: string) => JSON.stringify(s.replace(/\s+/g, " ").trim().slice(0, 160));
      console.log(`    - [${r.c.format}/${r.c.kind}/${r.c.language}] ${r.c.name}\n        want ${show(r.c.newPart)}\n        got  ${show(r.got)}`);
    }
  }
  return hits;
}

const cases = await loadCases();
const text = cases.filter((c) => c.format === "text");
const html = cases.filter((c) => c.format === "html");
const measured = cases;
const ours: Extract = (c) => (c.format === "html" ? fromHtml(c) : newText(c.mail));
console.log(`${cases.length} cases (${text.length} text, ${html.length} HTML) from ${casesDir}`);
report("Konversio", measured, ours, true);

if (process.argv.includes("--candidates")) {
  for (const [name, extract] of Object.entries(await candidates())) report(`${name} on text cases`, text, extract, process.argv.includes("--misses"));
}
