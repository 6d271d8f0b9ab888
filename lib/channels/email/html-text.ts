import type { parseHTML } from "linkedom";

/** The DOM types of linkedom, which parses mail HTML on the server. */
export type Doc = ReturnType<typeof parseHTML>["document"];
export type El = ReturnType<Doc["createElement"]>;
/** Any DOM node (element or text); linkedom's element type is what its tree walks return. */
export type DomNode = El;

const BLOCK = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BODY", "CAPTION", "CENTER", "DD", "DETAILS", "DIV", "DL", "DT", "FIGCAPTION",
  "FIGURE", "FOOTER", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "OL", "P", "PRE", "SECTION", "SUMMARY",
  "TABLE", "TBODY", "TD", "TFOOT", "TH", "THEAD", "TR", "UL",
]);
const SILENT = new Set(["STYLE", "SCRIPT", "HEAD", "TITLE", "TEMPLATE", "NOSCRIPT"]);

export const TEXT_NODE = 3;
export const ELEMENT_NODE = 1;

/**
 * One piece of the text a reader sees, with the text node it came from ("\n" pieces have none);
 * with `marks`, also empty pieces where each element opens (`open`) and closes (`close`), so the
 * rules can tell what text comes before or after an element.
 */
export type Piece = { node: DomNode | null; text: string; open?: El; close?: El; soft?: true };

/**
 * The text a reader sees, in document order, as pieces: line breaks for <br> and around block
 * elements, `&nbsp;` as a space, no CSS or script text. `skip` leaves out whole subtrees
 * (the folded quote, the signature).
 */
export function textPieces(root: DomNode, skip: (el: El) => boolean = () => false, marks = false): Piece[] {
  const out: Piece[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      const text = (node.textContent ?? "").replace(/\u00a0/g, " ");
      if (text) out.push({ node, text });
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.tagName;
    if (SILENT.has(tag) || skip(node)) return;
    if (tag === "BR") return void out.push({ node: null, text: "\n" });
    if (tag === "HR" && marks) return void out.push({ node: null, text: "\n", open: node }, { node: null, text: "", close: node });
    const block = BLOCK.has(tag);
    if (marks) out.push({ node: null, text: "", open: node });
    if (block) out.push({ node: null, text: "\n", soft: true });
    for (let child = node.firstChild as DomNode | null; child; child = child.nextSibling as DomNode | null) walk(child);
    if (block) out.push({ node: null, text: "\n", soft: true });
    if (marks) out.push({ node: null, text: "", close: node });
  };
  walk(root);
  return out;
}

/**
 * Pieces joined into lines: spaces collapsed, lines trimmed, blank runs squeezed to one. A block's
 * edge only ends the line (two paragraphs are two lines); each <br> is a line break of its own.
 */
export function piecesToText(pieces: Piece[]): string {
  let joined = "";
  for (const p of pieces) {
    if (p.node) joined += p.text.replace(/[ \t\r\n\f]+/g, " ");
    else if (!p.soft) joined += p.text;
    else if (!/\n[ ]*$/.test(joined)) joined += "\n";
  }
  return joined
    .split("\n")
    .map((line) => line.replace(/ +/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Whether `el` has the class `name` (cheaper than `matches`, which a walk over every element cannot afford). */
export const hasClass = (el: El, name: string): boolean => ` ${el.getAttribute("class") ?? ""} `.includes(` ${name} `);
