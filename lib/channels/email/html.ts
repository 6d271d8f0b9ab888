import "server-only";
import { parseHTML } from "linkedom";
import sanitizeHtml from "sanitize-html";
import { markForwarded } from "./forwarded-html";
import { foldQuotedHistory } from "./html-quote";
import { markSignatures } from "./html-signature";
import { type DomNode, hasClass, piecesToText, textPieces } from "./html-text";

/**
 * Email HTML is hostile. It is cleaned here, on the server, with an allowlist (no scripts, no
 * event handlers, no forms, no frames, no javascript: links), and is later shown only inside a
 * sandboxed iframe whose Content-Security-Policy forbids scripts and remote loads (see view.ts).
 */

const TAGS = [
  "a", "abbr", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
  "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "h1", "h2", "h3",
  "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
  "strike", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
  "tt", "u", "ul", "var", "wbr",
];

const PRESENTATION = ["align", "valign", "width", "height", "bgcolor", "border", "color", "face", "size", "dir", "lang", "title"];
const TABLE = ["cellpadding", "cellspacing", "colspan", "rowspan", "background", "nowrap", "scope", "headers"];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  // Newsletters are styled with <style> blocks; CSS cannot run code, and the iframe's CSP blocks what it could load.
  allowVulnerableTags: true,
  // <head> itself goes, its <style> blocks stay; these lose their text too.
  nonTextTags: ["script", "textarea", "option", "noscript", "title", "xml", "template"],
  allowedAttributes: {
    "*": ["style", "class", "id", ...PRESENTATION],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height", "border", "align", "hspace", "vspace"],
    table: TABLE,
    td: TABLE,
    th: TABLE,
    tr: ["background"],
    blockquote: ["type", "cite"],
    // The fold's own label (html-quote.ts), so cleaning cleaned HTML changes nothing.
    summary: ["aria-label"],
    ol: ["start", "type"],
    li: ["value"],
    col: ["span"],
    colgroup: ["span"],
    time: ["datetime"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "data", "cid"] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" } }),
  },
};

type Document = ReturnType<typeof parseHTML>["document"];

const isRemote = (url: string | null | undefined) => !!url && /^\s*(https?:)?\/\//i.test(url);
const CSS_URL = /url\(\s*['"]?\s*(?:https?:)?\/\//i;

function countRemote(doc: Document): number {
  let n = 0;
  for (const img of doc.querySelectorAll("img")) if (isRemote(img.getAttribute("src"))) n++;
  for (const el of doc.querySelectorAll("[background]")) if (isRemote(el.getAttribute("background"))) n++;
  for (const el of doc.querySelectorAll("[style]")) if (CSS_URL.test(el.getAttribute("style") ?? "")) n++;
  for (const el of doc.querySelectorAll("style")) if (CSS_URL.test(el.textContent ?? "")) n++;
  return n;
}

/** `folded`: whether a quoted history was found and folded (the preview then trusts the HTML over the text part). */
export type CleanHtml = { html: string; remoteImages: number; folded: boolean };

/**
 * Sanitizes one mail's HTML: `cid:` images point at the stored attachments (`cidUrls`), the
 * quoted history is folded into a <details> (collapsed without any script), and remote images
 * are counted so the agent can be offered to load them. A forwarded message is marked first (its
 * header becomes a card) so the fold never hides it; Outlook's forwards are told from replies only
 * by their `subject`.
 */
export function cleanEmailHtml(raw: string, cidUrls: Map<string, string> = new Map(), subject: string | null = null): CleanHtml {
  const clean = sanitizeHtml(raw, {
    ...OPTIONS,
    transformTags: {
      ...OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const src = attribs.src ?? "";
        if (/^cid:/i.test(src)) {
          const url = cidUrls.get(src.slice(4).replace(/^<|>$/g, "").toLowerCase());
          const { src: _missing, ...rest } = attribs;
          return { tagName, attribs: url ? { ...attribs, src: url } : rest };
        }
        return { tagName, attribs };
      },
    },
  });
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${clean}</body></html>`);
  markForwarded(document, subject);
  foldQuotedHistory(document);
  markSignatures(document);
  const folded = document.querySelector("details.kv-quoted") !== null;
  return { html: document.body.innerHTML, remoteImages: countRemote(document), folded };
}

/**
 * The plain text an agent sees of a mail's HTML outside the fold: what cleanEmailHtml leaves
 * visible, minus the recognised signature block; for the list preview and `npm run bench:email`.
 * Cleaning is idempotent, so already cleaned HTML may be passed as well.
 */
export function htmlNewPart(html: string): string {
  return visibleText(cleanEmailHtml(html).html);
}

/** `htmlNewPart` of HTML that cleanEmailHtml already returned (ingestion has it at hand). */
export function visibleText(cleaned: string): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${cleaned}</body></html>`);
  const hidden = (el: DomNode) => hasClass(el, "kv-signature") || (el.tagName === "DETAILS" && hasClass(el, "kv-quoted"));
  return piecesToText(textPieces(document.body as unknown as DomNode, hidden));
}
