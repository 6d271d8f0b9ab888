import type { parseHTML } from "linkedom";
import { forwardHeaderLine, isForwardSeparator, isForwardSubject, isOriginalSeparator, parseSender, quotesBefore, readHeaderLines, type ForwardHeaders } from "./forwarded";

/**
 * Forwarded mail in HTML: finds the forwarded block a client wrote (Gmail's "Forwarded message"
 * quote, Outlook's header block under a forward subject, Apple Mail's "Begin forwarded message:"
 * quote, Thunderbird's forward container, Yahoo's, in any language we know), marks its container
 * `data-kv-forwarded` (so the quote folding leaves it open) and replaces its raw header lines
 * with a small header card: who sent the original, when, and its subject.
 *
 * Runs on the already sanitized document inside cleanEmailHtml. The card is built with DOM
 * methods and textContent only: the mail's words never become markup.
 */

type Document = ReturnType<typeof parseHTML>["document"];
type El = ReturnType<Document["createElement"]>;
type Node = El | ChildNode;

const BLOCK = new Set(["DIV", "P", "TABLE", "TBODY", "TR", "BLOCKQUOTE", "UL", "OL", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "PRE", "HR", "CENTER"]);
const isElement = (n: Node | null | undefined): n is El => !!n && n.nodeType === 1;
const tag = (n: Node | null | undefined) => (isElement(n) ? n.tagName.toUpperCase() : "");

/** An element's text as the reader sees its lines: <br>, blocks and table rows break them, cells are spaced. */
function linesOf(node: Node): string[] {
  const out: string[] = [""];
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      out[out.length - 1] += (n.textContent ?? "").replace(/\s+/g, " ");
      return;
    }
    if (!isElement(n)) return;
    const t = tag(n);
    if (t === "BR") return void out.push("");
    if (t === "STYLE") return;
    const block = BLOCK.has(t);
    if (block && out.at(-1)!.trim()) out.push("");
    for (const c of Array.from(n.childNodes) as Node[]) walk(c);
    if (t === "TH" || t === "TD") out[out.length - 1] += " ";
    if (block && out.at(-1)!.trim()) out.push("");
  };
  walk(node);
  return out.map((l) => l.replace(/\u00a0/g, " ").trim());
}

const textOf = (n: Node) => linesOf(n).filter(Boolean).join(" ");

/**
 * The header lines that follow `start` among its siblings: inline runs up to a <br> are one line,
 * a block is its own lines. Stops at the first blank line after a header, or at anything else.
 */
function headerNodesAfter(start: Node): { headers: ForwardHeaders; nodes: Node[] } | null {
  const lines: string[] = [];
  const nodes: Node[] = [];
  let pending: Node[] = [];
  let pendingText = "";
  const headerCount = () => lines.length;
  // Ends the inline line being read: true to go on, false to stop there.
  const endLine = (br: Node | null): boolean => {
    const text = pendingText.replace(/\u00a0/g, " ").trim();
    if (!text) {
      if (headerCount() > 0 && br) return false;
      nodes.push(...pending, ...(br ? [br] : []));
    } else if (forwardHeaderLine(text, headerCount() > 0)) {
      lines.push(text);
      nodes.push(...pending, ...(br ? [br] : []));
    } else {
      return false;
    }
    pending = [];
    pendingText = "";
    return true;
  };
  for (let n = start.nextSibling as Node | null; n; n = n.nextSibling as Node | null) {
    const t = tag(n);
    if (t === "BR") {
      if (!endLine(n)) break;
    } else if (BLOCK.has(t)) {
      if (pendingText.trim() && !endLine(null)) break;
      const own = linesOf(n).filter(Boolean);
      if (!own.length) {
        if (headerCount() > 0) break;
        nodes.push(n);
        continue;
      }
      if (!own.every((l, i) => forwardHeaderLine(l, headerCount() + i > 0))) break;
      lines.push(...own);
      nodes.push(n);
    } else {
      pending.push(n);
      pendingText += n.textContent ?? "";
    }
  }
  if (pendingText.trim()) endLine(null);
  const headers = readHeaderLines(lines);
  return headers ? { headers, nodes } : null;
}

/** The header card: built from text, never from the mail's markup. */
function headCard(doc: Document, h: ForwardHeaders): El {
  const head = doc.createElement("div");
  head.setAttribute("class", "kv-fwd-head");
  const label = doc.createElement("div");
  label.setAttribute("class", "kv-fwd-label");
  label.textContent = "Forwarded message";
  head.appendChild(label);
  const sender = h.from ? parseSender(h.from) : null;
  const from = doc.createElement("div");
  from.setAttribute("class", "kv-fwd-from");
  const name = doc.createElement("strong");
  name.textContent = sender ? (sender.name ?? sender.address) : (h.from ?? "");
  from.appendChild(name);
  if (sender?.name) {
    const address = doc.createElement("span");
    address.setAttribute("class", "kv-fwd-address");
    address.textContent = ` <${sender.address}>`;
    from.appendChild(address);
  }
  head.appendChild(from);
  for (const [cls, value] of [["kv-fwd-date", h.date], ["kv-fwd-subject", h.subject]] as const) {
    if (!value) continue;
    const line = doc.createElement("div");
    line.setAttribute("class", cls);
    line.textContent = value;
    head.appendChild(line);
  }
  return head;
}

/** The blank lines clients leave between the header lines and the body: the card has its own spacing. */
function trimAfter(card: El, container: Node | null): void {
  for (let n: Node | null = card; n && n !== container; n = n.parentNode as Node | null) {
    for (let s = n.nextSibling as Node | null; s && (tag(s) === "BR" || (s.nodeType === 3 && !(s.textContent ?? "").trim())); s = n.nextSibling as Node | null) s.parentNode!.removeChild(s);
    if (n.nextSibling) return;
  }
}

const CONTAINERS = ".gmail_quote, blockquote[type=cite], .moz-forward-container, .yahoo_quoted";

function mark(el: El): void {
  el.setAttribute("data-kv-forwarded", "");
  el.setAttribute("class", `${el.getAttribute("class") ?? ""} kv-forwarded`.trim());
}

/** Wraps `start` and everything after it (up to the body) in a marked container: Outlook's forward has none. */
function wrapToEnd(doc: Document, start: Node): El {
  const body = doc.body as unknown as Node;
  const nodes: Node[] = [start];
  for (let n: Node | null = start; n && n !== body; n = n.parentNode as Node | null) {
    for (let s = n.nextSibling as Node | null; s; s = s.nextSibling as Node | null) nodes.push(s);
  }
  const wrapper = doc.createElement("div");
  mark(wrapper);
  start.parentNode!.insertBefore(wrapper, start);
  for (const n of nodes) wrapper.appendChild(n);
  return wrapper;
}

/** The separator's own node: a text node, or the smallest element holding nothing but it. */
function separatorNodes(doc: Document): Node[] {
  const found: Node[] = [];
  const walk = (n: Node) => {
    for (const c of Array.from(n.childNodes) as Node[]) {
      if (c.nodeType === 3 && isForwardSeparator((c.textContent ?? "").replace(/\u00a0/g, " ").trim())) found.push(c);
      else if (isElement(c) && tag(c) !== "STYLE") walk(c);
    }
  };
  walk(doc.body as unknown as Node);
  return found.map((t) => {
    let n = t;
    const own = (t.textContent ?? "").trim();
    while (isElement(n.parentNode as Node) && n.parentNode !== (doc.body as unknown) && textOf(n.parentNode as Node) === own && !(n.parentNode as El).matches(CONTAINERS)) n = n.parentNode as Node;
    return n;
  });
}

/**
 * Whether `node` sits in a reply's quoted history: inside a blockquote that is not itself the
 * forward (Apple Mail's cite starting with the separator), or below an attribution or a reply's
 * header block. A forward quoted in a reply stays part of the history that folds.
 */
function inReplyHistory(doc: Document, node: Node): boolean {
  for (let p = node.parentNode as Node | null; isElement(p); p = p.parentNode as Node | null) {
    if (tag(p) === "BLOCKQUOTE" && !(p.getAttribute("type") === "cite" && isForwardSeparator(linesOf(p).find(Boolean) ?? ""))) return true;
  }
  const marker = doc.createTextNode("\u2063kv-fwd-here\u2063");
  node.parentNode!.insertBefore(marker, node);
  const lines = linesOf(doc.body as unknown as Node);
  marker.parentNode!.removeChild(marker);
  const at = lines.findIndex((l) => l.includes("kv-fwd-here"));
  return quotesBefore(lines.slice(0, Math.max(0, at)));
}

/** Gmail, Apple Mail, Thunderbird, Yahoo and the like: a separator line, then the header lines. */
function markBySeparator(doc: Document): boolean {
  for (const sep of separatorNodes(doc)) {
    const parent = sep.parentNode as El | null;
    if (!isElement(parent) || parent.closest("[data-kv-forwarded]") || inReplyHistory(doc, sep)) continue;
    const found = headerNodesAfter(sep);
    if (!found) continue;
    const container = parent.closest(CONTAINERS) as El | null;
    const card = headCard(doc, found.headers);
    parent.insertBefore(card, sep);
    for (const n of [sep, ...found.nodes]) n.parentNode?.removeChild(n);
    if (container) mark(container);
    trimAfter(card, container ?? wrapToEnd(doc, card));
    return true;
  }
  return false;
}

/** Outlook's own header blocks: #divRplyFwdMsg, the bordered "From: … Sent: …" div, .OutlookMessageHeader. */
const OUTLOOK_HEADERS = "#divRplyFwdMsg, .OutlookMessageHeader, div[style*='border-top']";

/** Outlook lays out replies and forwards alike: only with a forward subject is its header block a forward. */
function markOutlook(doc: Document): boolean {
  for (const el of Array.from(doc.querySelectorAll(OUTLOOK_HEADERS)) as El[]) {
    if (el.closest("[data-kv-forwarded]")) continue;
    const headers = readHeaderLines(linesOf(el).filter(Boolean));
    if (!headers) continue;
    // The rule, "-----Original Message-----" or Outlook's empty #appendonsend just above belong to
    // the header, not to the note; left in place, the quote folding would start there and take the card.
    const above: El[] = [];
    for (let b = el.previousElementSibling as El | null; b; b = b.previousElementSibling as El | null) {
      const empty = !textOf(b) && !b.querySelector("img");
      if (tag(b) === "HR" || b.getAttribute("id") === "appendonsend" || isOriginalSeparator(textOf(b)) || (empty && above.length < 3)) above.push(b);
      else break;
    }
    const card = headCard(doc, headers);
    el.parentNode!.insertBefore(card, el);
    for (const n of [...above, el]) n.parentNode!.removeChild(n);
    trimAfter(card, wrapToEnd(doc, card));
    return true;
  }
  // Outlook desktop writes "-----Original Message-----" and the header lines as plain paragraphs.
  for (const t of separatorLike(doc, isOriginalSeparator)) {
    const found = headerNodesAfter(t);
    if (!found) continue;
    const card = headCard(doc, found.headers);
    t.parentNode!.insertBefore(card, t);
    for (const n of [t, ...found.nodes]) n.parentNode?.removeChild(n);
    trimAfter(card, wrapToEnd(doc, card));
    return true;
  }
  return false;
}

/** Elements (or text nodes) whose whole text passes `test`, outermost first. */
function separatorLike(doc: Document, test: (line: string) => boolean): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    for (const c of Array.from(n.childNodes) as Node[]) {
      if (c.nodeType === 3) {
        if (test((c.textContent ?? "").trim())) out.push(c);
      } else if (isElement(c) && tag(c) !== "STYLE") {
        if (BLOCK.has(tag(c)) && test(textOf(c))) out.push(c);
        else walk(c);
      }
    }
  };
  walk(doc.body as unknown as Node);
  return out;
}

/**
 * Marks the first forwarded block of a sanitized mail and puts a header card in place of its raw
 * header lines. `subject` (the mail's own) lets Outlook's header blocks count, which look the
 * same in a reply. Returns whether a forward was found.
 */
export function markForwarded(doc: Document, subject?: string | null): boolean {
  if (markBySeparator(doc)) return true;
  return isForwardSubject(subject) ? markOutlook(doc) : false;
}

/** The frame's look of a forward (appended to FRAME_CSS in view.ts): a bordered card, never folded. */
export const FORWARD_CSS = `
[data-kv-forwarded]{display:block;margin:.75em 0 0;padding:0 .75em .5em;border:1px solid #d0d7de;border-radius:6px;color:inherit;background:#fff}
blockquote[data-kv-forwarded]{margin-left:0;border-left-width:1px}
.kv-fwd-head{margin:0 -.75em .75em;padding:.5em .75em;border-bottom:1px solid #d0d7de;border-radius:6px 6px 0 0;background:#f6f8fa;font-size:13px;line-height:1.4;color:#57606a}
.kv-fwd-label{font-size:11px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#6e7781}
.kv-fwd-from strong{color:#1f2328;font-weight:600}
.kv-fwd-subject{color:#1f2328}
`;
