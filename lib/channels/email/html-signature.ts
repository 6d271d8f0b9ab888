import type { Doc, DomNode } from "./html-text";

/** Where clients put the sender's signature block: Gmail, Outlook (web, mobile), Apple Mail / iOS, Thunderbird, Samsung Email. */
const SIGNATURES = [".gmail_signature", "#Signature", "#x_Signature", "#AppleMailSignature", ".moz-signature", "#ms-outlook-mobile-signature", "#composer_signature"];

/**
 * Wraps a recognised signature block in `<div class="kv-signature">`: it stays visible in the
 * thread, and the list preview (htmlNewPart) leaves it out. Signatures inside the folded history
 * are left alone: they are folded already.
 */
export function markSignatures(doc: Doc): void {
  for (const sig of Array.from(doc.querySelectorAll(SIGNATURES.join(","))) as DomNode[]) {
    if (sig.closest("details.kv-quoted, .kv-signature")) continue;
    const box = doc.createElement("div");
    box.setAttribute("class", "kv-signature");
    // Gmail writes its "-- " delimiter just before the block, in its own span.
    const parts: DomNode[] = [sig];
    for (let p = sig.previousSibling as DomNode | null; p; p = p.previousSibling as DomNode | null) {
      if (p.nodeType === 1 && p.matches(".gmail_signature_prefix")) {
        parts.unshift(...siblingsBetween(p, sig));
        break;
      }
      if (!(p.nodeType === 3 && !(p.textContent ?? "").trim()) && !(p.nodeType === 1 && p.tagName === "BR")) break;
    }
    parts[0].parentNode!.insertBefore(box, parts[0]);
    for (const n of parts) box.appendChild(n);
  }
}

function siblingsBetween(from: DomNode, to: DomNode): DomNode[] {
  const out: DomNode[] = [];
  for (let n: DomNode | null = from; n && n !== to; n = n.nextSibling as DomNode | null) out.push(n);
  return out;
}
