import type { ParsedMail } from "mailparser";

/** One header's value as text ("" when absent); mailparser turns some into objects. */
export function header(mail: ParsedMail, name: string): string {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(String).join(", ");
  if (typeof v === "object" && "value" in (v as object)) {
    const inner = (v as { value: unknown; text?: unknown }).value;
    // Address headers: mailparser keeps the written form in `text`.
    if (typeof (v as { text?: unknown }).text === "string") return (v as { text: string }).text;
    return String(inner);
  }
  return String(v);
}

/** The top-level Content-Type as mailparser read it: its value and parameters, lower-cased. */
export function contentType(mail: ParsedMail): { value: string; params: Record<string, string> } {
  const ct = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(ct?.params ?? {})) params[k.toLowerCase()] = String(v).toLowerCase();
  return { value: (ct?.value ?? "").toLowerCase(), params };
}

/** The raw header lines as the sender wrote them (folded lines joined), for headers mailparser parses away. */
export function rawHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line ? line.line.replace(/^[^:]*:\s*/, "").replace(/\r?\n[ \t]+/g, " ").trim() : "";
}

/** The mail's text with line ends normalised (mailparser folds message/delivery-status into it). */
export const textOf = (mail: ParsedMail) => (mail.text ?? "").replace(/\r\n?/g, "\n");

/** A forward someone made by hand: a customer sending us a bounce they got is their message. */
export const isForwardSubject = (subject: string) => /^\s*(fwd?|fw|wg|tr|rv|enc|doorst|vs|vb|i|pd)\s*:/i.test(subject);
