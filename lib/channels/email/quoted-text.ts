/**
 * Splits a plain-text mail into what the sender wrote and the history they quote, so the thread
 * can fold each quote away and the list preview can show only the new part. Handles top-posted,
 * bottom-posted and inline replies; see quoted-patterns.ts for the attributions, Outlook header
 * blocks and separators it knows. Pure: used by the browser and the server alike.
 *
 * Our own rules, not a library: measured on our reply cases (reply-cases/text.ts, `npm run
 * bench:email`) they find the exact new part far more often than `email-reply-parser` and
 * `planer`'s plain-text path, and both of those keep only the text above the first quote, so
 * they cannot show a bottom-posted or inline answer at all.
 */
import { attributionAt, headerBlockAt, isQuoteLine, isSeparator, RULE } from "./quoted-patterns";
import { withoutSignature } from "./signature";

export type ThreadPart = { kind: "text" | "quote"; text: string };

const tidy = (lines: string[]) => lines.join("\n").replace(/^(?:[ \t]*\n)+/, "").trimEnd();

/** From `i`, the end of a `>` block: its lines and blank lines between them. */
function quoteBlockEnd(lines: string[], i: number): number {
  let end = i;
  for (let j = i; j < lines.length; j++) {
    if (isQuoteLine(lines[j]!)) end = j + 1;
    else if (lines[j]!.trim()) break;
  }
  return end;
}

const nextFilled = (lines: string[], i: number) => {
  while (i < lines.length && !lines[i]!.trim()) i++;
  return i;
};

/**
 * The mail as alternating parts: the sender's own text and the quotes, each quote with the
 * attribution or header block that introduces it. History that is not `>`-quoted (Outlook, Yahoo,
 * Zoho, "-----Original Message-----") runs to the end of the mail. A mail with no text of its own
 * outside quotes is one text part, so there is always something to show.
 */
export function threadParts(text: string): ThreadPart[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const parts: ThreadPart[] = [];
  let own: string[] = [];
  const flush = () => {
    if (own.some((l) => l.trim())) parts.push({ kind: "text", text: tidy(own) });
    own = [];
  };
  /** A quote starts: the rule drawn just above it belongs to it, not to the sender's text. */
  const quote = (from: string[]) => {
    while (own.length && !own.at(-1)!.trim()) own.pop();
    const rule: string[] = [];
    while (own.length && (RULE.test(own.at(-1)!) || !own.at(-1)!.trim())) rule.unshift(own.pop()!);
    flush();
    parts.push({ kind: "quote", text: tidy([...rule, ...from]) });
  };

  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (isSeparator(line) || headerBlockAt(lines, i)) {
      quote(lines.slice(i));
      break;
    }
    const attribution = attributionAt(lines, i);
    if (attribution) {
      const after = nextFilled(lines, i + attribution.lines);
      if (after < lines.length && isQuoteLine(lines[after]!)) {
        const end = quoteBlockEnd(lines, after);
        quote(lines.slice(i, end));
        i = end;
        continue;
      }
      if (attribution.strong) {
        quote(lines.slice(i));
        break;
      }
    }
    if (isQuoteLine(line)) {
      const end = quoteBlockEnd(lines, i);
      quote(lines.slice(i, end));
      i = end;
      continue;
    }
    own.push(line);
    i++;
  }
  flush();
  if (!parts.some((p) => p.kind === "text")) return text.trim() ? [{ kind: "text", text: text.replace(/\r\n?/g, "\n").trimEnd() }] : [];
  return parts;
}

export type SplitText = { body: string; quoted: string | null };

/** The mail cut once: everything up to the trailing quote, and that quote (null when there is none). */
export function splitQuoted(text: string): SplitText {
  const parts = threadParts(text);
  const last = parts.at(-1);
  if (!last || last.kind !== "quote") return { body: parts.map((p) => p.text).join("\n\n") || text.trimEnd(), quoted: null };
  return { body: parts.slice(0, -1).map((p) => p.text).join("\n\n"), quoted: last.text };
}

/**
 * Only what the sender wrote in this mail, for one-line previews: their text parts without the
 * quotes, attributions and signature. A mail that is nothing but quotes or a signature keeps its
 * text, so the preview is never empty for a mail that has some.
 */
export function newText(text: string): string {
  const own = threadParts(text).filter((p) => p.kind === "text");
  const fresh = own.map((p) => withoutSignature(p.text)).filter(Boolean).join("\n");
  return fresh || own.map((p) => p.text.trim()).join("\n") || text.replace(/\r\n?/g, "\n").trim();
}
