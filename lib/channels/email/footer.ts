/**
 * An inbox's signature is plain text with a little formatting: **bold**, *italic*, and links
 * (URLs and email addresses become clickable). The same text gives the mail's text part.
 */

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const LINK = /\b(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]])|\b([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

/** Escaped text with links, **bold** and *italic*; newlines become <br>. */
export function formatInline(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out += emphasis(escape(text.slice(last, m.index)));
    const href = m[1] ? m[1] : `mailto:${m[2]}`;
    out += `<a href="${escape(href)}">${escape(m[0])}</a>`;
    last = m.index + m[0].length;
  }
  out += emphasis(escape(text.slice(last)));
  return out.replace(/\n/g, "<br>");
}

function emphasis(escaped: string): string {
  return escaped.replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>").replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, "$1<em>$2</em>");
}

/** The text part: formatting marks dropped. */
export const signatureText = (signature: string) => signature.replace(/\*\*([^*\n]+)\*\*/g, "$1").replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, "$1$2");

export const signatureHtml = (signature: string) => formatInline(signature);
