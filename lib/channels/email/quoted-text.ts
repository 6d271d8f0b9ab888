/**
 * Splits a plain-text mail into what the sender wrote and the quoted history below it, so the
 * thread can fold the history away. Pure: used by the browser and the server alike.
 */

const ATTRIBUTION = [
  /^On\b.{0,300}\bwrote:\s*$/i,
  /^Am\b.{0,300}\bschrieb.{0,80}:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^El\b.{0,300}\bescribió:\s*$/i,
  /^Op\b.{0,300}\bgeschreven:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
];

/** A horizontal rule in text form (Outlook's HTML draws one above its header block). */
const SEPARATOR = /^\s*[-_=*]{3,}\s*$/;
const isQuoteLine = (line: string) => line.trimStart().startsWith(">");

/** Outlook: "From: …" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:". */
function outlookHeaderAt(lines: string[], i: number): boolean {
  if (!/^\*?From:\*?\s/.test(lines[i]!)) return false;
  const next = lines.slice(i + 1, i + 6).join("\n");
  return /^\*?(Sent|Date):\*?\s/m.test(next) && /^\*?(To|Subject):\*?\s/m.test(next);
}

export type SplitText = { body: string; quoted: string | null };

export function splitQuoted(text: string): SplitText {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let cut = -1;
  for (let i = 0; i < lines.length && cut < 0; i++) {
    const line = lines[i]!.trim();
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (ATTRIBUTION.some((re) => re.test(line))) cut = i;
    // Clients wrap long attributions: "On Mon, 3 Jun 2024 at 10:00, Jane Doe <jane@example.com>\nwrote:".
    else if (/^On\b/i.test(line) && ATTRIBUTION[0]!.test(joined)) cut = i;
    else if (/^_{10,}\s*$/.test(line) && i + 1 < lines.length && outlookHeaderAt(lines, i + 1)) cut = i;
    else if (outlookHeaderAt(lines, i)) cut = i;
    else if (line.startsWith(">") && lines.slice(i).every((l) => !l.trim() || l.trimStart().startsWith(">"))) cut = i;
  }
  if (cut <= 0) return { body: text.trimEnd(), quoted: null };
  const kept = lines.slice(0, cut);
  while (kept.length && (!kept.at(-1)!.trim() || SEPARATOR.test(kept.at(-1)!))) kept.pop();
  const body = kept.join("\n").trimEnd();
  if (!body.trim()) return { body: text.trimEnd(), quoted: null };
  return { body, quoted: lines.slice(cut).join("\n").trimEnd() };
}

/**
 * Only what the sender wrote in this mail, for one-line previews: the history below the reply
 * goes (as in `splitQuoted`), and so do quoted lines above or between the sender's own (bottom
 * posting, inline answers) together with the attribution that introduces them. A mail that is
 * nothing but quotes keeps its text, so the preview is never empty for a mail that has some.
 */
export function newText(text: string): string {
  const body = splitQuoted(text).body.replace(/\r\n?/g, "\n");
  const lines = body.split("\n");
  const quoteFollows = (i: number) => {
    for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trim()) return isQuoteLine(lines[j]!);
    return false;
  };
  const drop = new Set<number>();
  lines.forEach((line, i) => {
    const t = line.trim();
    if (isQuoteLine(line)) drop.add(i);
    else if (ATTRIBUTION.some((re) => re.test(t)) && quoteFollows(i)) drop.add(i);
    // An attribution wrapped over two lines: "On Mon, 3 Jun 2024, Jane Doe <jane@example.com>\nwrote:".
    else if (/^On\b/i.test(t) && i + 1 < lines.length && ATTRIBUTION[0]!.test(`${t} ${lines[i + 1]!.trim()}`) && quoteFollows(i + 1)) drop.add(i).add(i + 1);
  });
  const fresh = lines.filter((_, i) => !drop.has(i)).join("\n").trim();
  return fresh || body.trim();
}
