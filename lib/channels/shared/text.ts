/**
 * Splitting a reply's text into the pieces a provider accepts in one message, shared by every
 * channel that splits (Telegram, LINE, SMS). Providers count differently, so the caller says how
 * a piece is measured; the measure must be additive (a piece's size is the sum of its characters').
 */

export type TextMeasure = (s: string) => number;

/** UTF-16 code units: JavaScript's `length`. Telegram, LINE, Twilio and Bandwidth count this way (an emoji is 2). */
export const utf16Units: TextMeasure = (s) => s.length;

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The text as user-perceived characters (an emoji with its modifiers, a letter with its combining
 * marks): a cut between two of them never breaks a surrogate pair or a combining sequence. A
 * cluster larger than a whole piece (pathological stacks of marks) falls back to code points.
 */
function clusters(text: string, limit: number, measure: TextMeasure): string[] {
  const out: string[] = [];
  for (const { segment } of graphemeSegmenter.segment(text)) {
    if (measure(segment) <= limit) out.push(segment);
    else out.push(...Array.from(segment));
  }
  return out;
}

const isSpace = (s: string) => /^\s+$/.test(s);

/**
 * Splits `text` into pieces of at most `limit` (by `measure`), in order. A cut goes at the last
 * line break or space of the piece when that is past half of it, so words stay whole; otherwise
 * (one very long word) it goes at the limit, between two characters. The whitespace at a cut is
 * dropped; empty text gives no pieces.
 */
export function splitText(text: string, limit: number, measure: TextMeasure = utf16Units): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (measure(trimmed) <= limit) return [trimmed];
  const cs = clusters(trimmed, limit, measure);
  const sizes = cs.map(measure);
  const parts: string[] = [];
  let i = 0;
  while (i < cs.length) {
    let size = 0;
    let end = i;
    while (end < cs.length && size + sizes[end]! <= limit) size += sizes[end++]!;
    if (end === cs.length) {
      parts.push(cs.slice(i).join(""));
      break;
    }
    // Cut at a space right after the window, else at the window's last whitespace when more than
    // half of the window lies before it, else (one very long word) at the limit.
    let cut = end;
    if (!isSpace(cs[end]!)) {
      let before = size;
      for (let k = end - 1; k > i; k--) {
        before -= sizes[k]!;
        if (before <= limit / 2) break;
        if (isSpace(cs[k]!)) {
          cut = k;
          break;
        }
      }
    }
    const piece = cs.slice(i, cut).join("").trimEnd();
    if (piece) parts.push(piece);
    i = cut;
    while (i < cs.length && isSpace(cs[i]!)) i++;
  }
  return parts;
}
