import { HEADER_START, isAttribution, isHeaderBlock, isHeaderLine, isStrictAttribution, SEPARATOR_LINE } from "./html-quote-patterns";
import { type Doc, type DomNode, type El, ELEMENT_NODE, hasClass, type Piece, TEXT_NODE, textPieces } from "./html-text";

/**
 * Folds a reply's quoted history into `<details class="kv-quoted">` (collapsed "•••" in the thread,
 * see FRAME_CSS in view.ts). A candidate is where some client's quote begins; the earliest one in
 * the mail wins. A quote that is a wrapper (a blockquote, Gmail's div) folds only itself, so an
 * answer written after it (bottom-posting, inline replies) stays visible; an Outlook-style header
 * block has no wrapper, so everything from it to the end folds.
 */

/** Wrappers around the quoted mail, per client; the text after them is the sender's own again. */
const WRAPPERS = [
  ".gmail_quote", // Gmail, Android Gmail, many Gmail-compatible clients
  "blockquote[type=cite]", // Apple Mail, iOS, Thunderbird, Spark, Proton
  "[class*=yahoo_quoted]", // Yahoo (class "yahoo_quoted", or prefixed "ydp…yahoo_quoted")
  "[id^=yahoo_quoted]",
  ".protonmail_quote",
  ".tutanota_quote", // Tuta
  ".zmail_extra", // Zoho
  ".js-mail-quote", // mail.ru web
  "[id^=AOLMsgPart]", // AOL
  "[id^=aolmsgPart]",
];
/** Where a quote without wrapper begins: from here to the end is history. */
const TO_END = [
  "#OLK_SRC_BODY_SECTION", // Outlook for Mac 2011/2016
  "#appendonsend", // Outlook.com / Outlook 365 web
  "#divRplyFwdMsg",
  "#x_appendonsend", // the same, once re-quoted through Outlook web ("x_" prefix)
  "#x_divRplyFwdMsg",
  "[id^=divRpF]", // Outlook Web App 2010
  "#mail-editor-reference-message-container", // new Outlook for Mac
  ".OutlookMessageHeader",
  "hr#zwchr", // Zimbra / Comcast
  "hr#stopSpelling", // Hotmail
  ".aolReplyline", // AOL's "-----Original Message-----" / "On … wrote:" line
  ".zmail_extra_hr",
];
/** Elements just before a wrapper that belong to the quote: Thunderbird's and AOL's "On … wrote:". */
const PREFIXES = [".moz-cite-prefix", ".aolReplyline", ".zmail_extra_hr", ".gmail_attr", ".gmail_quote_attribution"];

/** Outlook 2007–365's header box (any colour, pt or cm) and Windows Mail's, in any language. */
const OUTLOOK_BOX = /border-top:\s*solid\s+(?:#[0-9a-f]{3,6}|windowtext)\s+1(?:\.0)?pt;\s*padding:\s*3(?:\.0)?pt\s+0/i;
const OUTLOOK_MAC_BOX = /border-top:\s*#[0-9a-f]{6}\s+1pt\s+solid/i;
const WINDOWS_MAIL_BOX = /border-top-color:\s*rgb\(229,\s*229,\s*229\);\s*border-top-width:\s*1px;\s*border-top-style:\s*solid/i;

/** Where a quote starts, where it ends (null: at the end of the mail), and which rule saw it (for debugging). */
type Candidate = { start: DomNode; end: DomNode | null; rule: string };

const FOLDED = "details.kv-quoted";
const FORWARDED = "[data-kv-forwarded]";
const HEADER_WINDOW = 1500;

const el = (n: DomNode | null): El | null => (n && n.nodeType === ELEMENT_NODE ? n : n ? (n.parentNode as El | null) : null);
const noText = (n: DomNode) => !(n.textContent ?? "").replace(/\u00a0/g, " ").trim();
/** Nothing a reader would see: white space, a <br>, an empty element (a rule or an image counts as something). */
const isBlank = (n: DomNode): boolean =>
  n.nodeType === TEXT_NODE ? noText(n) : n.nodeType === ELEMENT_NODE && (n.tagName === "BR" || (!["IMG", "HR"].includes(n.tagName) && noText(n) && !n.querySelector("img,hr")));

/** Climbs while `node` is the first thing of substance in its parent: the fold then starts at the block. */
function lift(node: DomNode, body: DomNode, keepOut?: DomNode | null): DomNode {
  let n = node;
  for (let p = n.parentNode as DomNode | null; p && p !== body; p = p.parentNode as DomNode | null) {
    if (keepOut && p.contains(keepOut)) break;
    let first = p.firstChild as DomNode | null;
    while (first && first !== n && isBlank(first)) first = first.nextSibling as DomNode | null;
    if (first !== n) break;
    n = p;
  }
  return n;
}

/** Index of a piece: where `node` opens (an element) or is (a text node). */
const indexes = new WeakMap<Piece[], { open: Map<DomNode, number>; close: Map<DomNode, number> }>();
function indexOf(pieces: Piece[]) {
  let ix = indexes.get(pieces);
  if (!ix) {
    ix = { open: new Map(), close: new Map() };
    pieces.forEach((p, i) => {
      if (p.open) ix!.open.set(p.open, i);
      if (p.close) ix!.close.set(p.close, i);
      if (p.node) {
        ix!.open.set(p.node, i);
        ix!.close.set(p.node, i);
      }
    });
    indexes.set(pieces, ix);
  }
  return ix;
}
const openAt = (pieces: Piece[], node: DomNode) => indexOf(pieces).open.get(node) ?? -1;
const closeAt = (pieces: Piece[], node: DomNode) => indexOf(pieces).close.get(node) ?? -1;
const hasText = (pieces: Piece[]) => pieces.some((p) => p.node && p.text.trim());

/** The text nodes of the last line of text before piece `at`, and that line. */
function lineBefore(pieces: Piece[], at: number): { nodes: DomNode[]; text: string; at: number } {
  let i = at - 1;
  while (i >= 0 && !(pieces[i].node && pieces[i].text.trim()) && pieces[i].open?.tagName !== "HR") i--;
  const nodes: DomNode[] = [];
  let text = "";
  for (; i >= 0 && pieces[i].text !== "\n"; i--) {
    if (pieces[i].node) {
      nodes.unshift(pieces[i].node!);
      text = pieces[i].text + text;
    }
  }
  return { nodes, text: text.replace(/\s+/g, " ").trim(), at: i + 1 };
}

/** Whether the line at piece `at` is followed by a quote of its own (a blockquote, a wrapper, "> " lines): that one is the candidate. */
function quoteFollows(pieces: Piece[], at: number): boolean {
  let i = at;
  while (i < pieces.length && pieces[i].text !== "\n") i++;
  for (; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.open && (p.open.tagName === "BLOCKQUOTE" || WRAPPERS.some((s) => p.open!.matches(s)))) return true;
    if (p.node && p.text.trim()) return p.text.trim().startsWith(">");
  }
  return false;
}

/** The first line of text inside `el`. */
function firstLine(pieces: Piece[], el: DomNode): string {
  let text = "";
  for (let i = openAt(pieces, el) + 1; i < pieces.length && pieces[i].close !== el; i++) {
    if (pieces[i].text === "\n" && text.trim()) break;
    if (pieces[i].node) text += pieces[i].text;
  }
  return text.replace(/\s+/g, " ").trim();
}

/** The text from piece `at` on, as lines, for recognising a header block. */
function textFrom(pieces: Piece[], at: number): string {
  let text = "";
  for (let i = at; i < pieces.length && text.length < HEADER_WINDOW; i++) text += pieces[i].node ? pieces[i].text.replace(/\s+/g, " ") : pieces[i].text;
  return text.replace(/\n[ \t]+/g, "\n").replace(/\n{2,}/g, "\n");
}

/** Where a wrapper's quote really starts: an attribution line or a client's prefix element before it. */
function withPrefix(pieces: Piece[], body: DomNode, wrapper: DomNode): DomNode {
  let prev = wrapper.previousSibling as DomNode | null;
  while (prev && isBlank(prev)) prev = prev.previousSibling as DomNode | null;
  if (prev?.nodeType === ELEMENT_NODE && PREFIXES.some((s) => prev!.matches(s))) return prev;
  const at = openAt(pieces, wrapper);
  let line = lineBefore(pieces, at);
  // An attribution wrapped over two or three lines ("On Mon, 3 Jun 2024 at 10:00, Jane Doe <" / "jane@…> wrote:").
  for (let extra = 0; extra < 2 && line.nodes.length && !isAttribution(line.text); extra++) {
    const before = lineBefore(pieces, line.at);
    if (!before.nodes.length) break;
    const joined = { nodes: [...before.nodes, ...line.nodes], text: `${before.text} ${line.text}`, at: before.at };
    if (isAttribution(joined.text)) line = joined;
    else if (extra === 1) break;
    else line = joined;
  }
  if (!line.nodes.length || !isAttribution(line.text)) return wrapper;
  return lift(line.nodes[0], body, wrapper);
}

/** A line before a header block that belongs to it: "-----Original Message-----" or an <hr>. */
function headerStart(pieces: Piece[], body: DomNode, at: number, first: DomNode): DomNode {
  let i = at - 1;
  while (i >= 0 && !(pieces[i].node && pieces[i].text.trim()) && pieces[i].open?.tagName !== "HR") i--;
  if (i >= 0 && pieces[i].open?.tagName === "HR") return lift(pieces[i].open!, body, null);
  const line = lineBefore(pieces, at);
  if (line.nodes.length && SEPARATOR_LINE.test(line.text)) return lift(line.nodes[0], body, null);
  return lift(first, body, null);
}

function candidates(doc: Doc, pieces: Piece[]): Candidate[] {
  const body = doc.body as unknown as DomNode;
  const found: Candidate[] = [];
  for (const selector of WRAPPERS) {
    for (const w of Array.from(doc.querySelectorAll(selector)) as DomNode[]) found.push({ start: withPrefix(pieces, body, w), end: w, rule: selector });
  }
  for (const selector of TO_END) {
    for (const s of Array.from(doc.querySelectorAll(selector)) as DomNode[]) found.push({ start: lift(s, body, null), end: null, rule: selector });
  }
  for (const div of Array.from(doc.querySelectorAll("div[style]")) as DomNode[]) {
    const style = div.getAttribute("style") ?? "";
    if (OUTLOOK_BOX.test(style) || OUTLOOK_MAC_BOX.test(style) || WINDOWS_MAIL_BOX.test(style)) found.push({ start: headerStart(pieces, body, openAt(pieces, div), div), end: null, rule: "outlook-box" });
  }
  // Any blockquote introduced by an attribution line (Yandex, mail.ru, Outlook web's plain quotes).
  for (const bq of Array.from(doc.querySelectorAll("blockquote")) as DomNode[]) {
    if (bq.parentNode && (bq.parentNode as DomNode).closest?.("blockquote")) continue;
    const start = withPrefix(pieces, body, bq);
    if (start !== bq) found.push({ start, end: bq, rule: "attribution+blockquote" });
    // …or one that opens with its attribution ("<blockquote><div>On …, Bob <bob@…> wrote:</div>…").
    else if (isAttribution(firstLine(pieces, bq))) found.push({ start: bq, end: bq, rule: "blockquote+attribution" });
  }
  found.push(...angleQuotes(pieces, body));
  // Header blocks and separator lines in text: each line start is tried.
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (!p.node || !p.text.trim()) continue;
    let j = i - 1;
    while (j >= 0 && !pieces[j].node && pieces[j].text !== "\n") j--;
    if (j >= 0 && pieces[j].node && pieces[j].text.trim()) continue;
    let line = "";
    for (let k = i; k < pieces.length && pieces[k].text !== "\n" && line.length < 400; k++) if (pieces[k].node) line += pieces[k].text;
    line = line.replace(/\s+/g, " ").trim();
    // Only a line that opens with a header label can start a header block: the window is read for those alone.
    const text = HEADER_START.test(line) ? textFrom(pieces, i).trimStart() : "";
    if ((text && isHeaderBlock(text)) || isHeaderLine(line)) found.push({ start: headerStart(pieces, body, i, p.node), end: null, rule: "header-block" });
    else if (SEPARATOR_LINE.test(line)) found.push({ start: lift(p.node, body, null), end: null, rule: "separator" });
    // "On …, Bob <bob@…> wrote:" with the quoted text after it in no wrapper at all.
    else if (isStrictAttribution(line) && !el(p.node)?.closest("blockquote") && !quoteFollows(pieces, i)) found.push({ start: lift(p.node, body, null), end: null, rule: "attribution" });
  }
  return found;
}

/** The lines of the text, each with its text nodes (lines without text have none). */
function lines(pieces: Piece[]): { nodes: DomNode[]; text: string }[] {
  const out: { nodes: DomNode[]; text: string }[] = [{ nodes: [], text: "" }];
  for (const p of pieces) {
    if (p.text === "\n") out.push({ nodes: [], text: "" });
    else if (p.node) {
      out[out.length - 1].nodes.push(p.node);
      out[out.length - 1].text += p.text;
    }
  }
  return out.map((l) => ({ nodes: l.nodes, text: l.text.trim() }));
}

/**
 * Plain-text quoting kept inside HTML ("> " lines, as some clients convert a text reply): each run
 * of such lines, with the attribution line before it, is a quote of its own, so an answer between
 * runs stays visible.
 */
function angleQuotes(pieces: Piece[], body: DomNode): Candidate[] {
  const all = lines(pieces).filter((l) => l.nodes.length && l.text);
  const found: Candidate[] = [];
  for (let i = 0; i < all.length; i++) {
    if (!all[i].text.startsWith(">")) continue;
    let j = i;
    while (j + 1 < all.length && all[j + 1].text.startsWith(">")) j++;
    const attribution = i > 0 && isAttribution(all[i - 1].text) ? all[i - 1] : null;
    // One "> " line alone may be an arrow ("> Billing > Invoices"); a quote is longer or introduced.
    if (j === i && !attribution && !found.length && !body.querySelector(FOLDED)) {
      i = j;
      continue;
    }
    const last = all[j].nodes[all[j].nodes.length - 1];
    found.push({ start: lift((attribution ?? all[i]).nodes[0], body, last), end: last, rule: "angle-quote" });
    i = j;
  }
  return found;
}

/** The nodes from `start` to `end` (inclusive; to the end of the mail when `end` is null), as siblings to move. */
function range(body: DomNode, start: DomNode, end: DomNode | null): DomNode[] {
  if (end && (start === end || start.contains(end))) return [start];
  const nodes: DomNode[] = [start];
  for (let n: DomNode | null = start; n && n !== body; n = n.parentNode as DomNode | null) {
    for (let s = n.nextSibling as DomNode | null; s; s = s.nextSibling as DomNode | null) {
      nodes.push(s);
      if (end && (s === end || s.contains(end))) return nodes;
    }
  }
  return nodes;
}

/** Whether the candidate is, sits in or holds no forwarded message (marked by markForwarded before us). */
function notForwarded(body: DomNode, c: Candidate): boolean {
  if (el(c.start)?.closest(FORWARDED)) return false;
  return !range(body, c.start, c.end).some((n) => n.nodeType === ELEMENT_NODE && (n.matches(FORWARDED) || n.querySelector(FORWARDED)));
}

function foldable(pieces: Piece[], body: DomNode, c: Candidate): boolean {
  if (el(c.start)?.closest(FOLDED) || !notForwarded(body, c)) return false;
  const from = openAt(pieces, c.start);
  const to = c.end ? closeAt(pieces, c.end) : pieces.length;
  // A mail that is nothing but a quote (a forward, a bare resend) stays open: it is all there is to read.
  return hasText(pieces.slice(0, from)) || hasText(pieces.slice(to + 1));
}

function fold(doc: Doc, body: DomNode, c: Candidate): El {
  const nodes = range(body, c.start, c.end);
  const details = doc.createElement("details");
  details.setAttribute("class", "kv-quoted");
  const summary = doc.createElement("summary");
  summary.setAttribute("title", "Show quoted text");
  summary.setAttribute("aria-label", "Show quoted text");
  summary.textContent = "•••";
  details.appendChild(summary);
  c.start.parentNode!.insertBefore(details, c.start);
  for (const n of nodes) details.appendChild(n);
  return details;
}

/** Folds the quoted history (and, past an answer written below it, any further quote). */
export function foldQuotedHistory(doc: Doc): void {
  const body = doc.body as unknown as DomNode;
  const pieces = textPieces(body, (e) => e.tagName === "DETAILS" && hasClass(e, "kv-quoted"), true);
  const all = candidates(doc, pieces)
    .filter((c) => !el(c.start)?.closest(FOLDED) && openAt(pieces, c.start) >= 0)
    .sort((a, b) => openAt(pieces, a.start) - openAt(pieces, b.start) || (a.end ? 0 : 1) - (b.end ? 0 : 1));
  // A quote inside one that may not fold (a mail that is all quote) is part of what there is to read.
  const refused: DomNode[][] = [];
  let foldedTo = -1;
  for (const c of all) {
    if (openAt(pieces, c.start) <= foldedTo) continue;
    if (refused.some((nodes) => nodes.some((n) => n === c.start || n.contains(c.start)))) continue;
    // Once one quote folded, the mail has text of its own, so later ones need no such check.
    if (!(foldedTo >= 0 ? notForwarded(body, c) : foldable(pieces, body, c))) {
      refused.push(range(body, c.start, c.end));
      continue;
    }
    let chosen = c;
    // Quotes that follow each other with nothing between are one history (iOS splits its attribution off).
    for (let next = followOn(pieces, all, chosen); next; next = followOn(pieces, all, chosen)) chosen = { start: chosen.start, end: next.end, rule: chosen.rule };
    if (foldedTo >= 0 && !notForwarded(body, chosen)) continue;
    fold(doc, body, chosen);
    if (!chosen.end) return;
    foldedTo = closeAt(pieces, chosen.end);
  }
}

/** A candidate that starts right after `c` ends, with only blank space between. */
function followOn(pieces: Piece[], all: Candidate[], c: Candidate): Candidate | undefined {
  if (!c.end) return undefined;
  const to = closeAt(pieces, c.end);
  return all.find((n) => {
    if (n === c || n.start === c.start) return false;
    const from = openAt(pieces, n.start);
    return from > to && !hasText(pieces.slice(to + 1, from)) && (n.end === null || closeAt(pieces, n.end) > to);
  });
}
