/** Plain-text renderings of things a customer shares that are not text, shared by the Meta channels. */

const fixed = (n: number) => String(Number(n.toFixed(6)));

/** `https://www.openstreetmap.org/?mlat=..&mlon=..` with a zoomed-in map, so the agent sees the spot. */
export function osmLink(latitude: number, longitude: number): string {
  const lat = fixed(latitude);
  const lon = fixed(longitude);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

export function locationText(loc: { latitude: number; longitude: number; name?: string; address?: string }): string {
  const label = [loc.name, loc.address].filter((s) => s && s.trim()).join(", ");
  return `📍 Shared a location${label ? `: ${label}` : ""}\n${osmLink(loc.latitude, loc.longitude)}`;
}

/**
 * Splits a reply into pieces the provider accepts (WhatsApp 4096, Messenger 2000 characters),
 * preferring paragraph, line and word boundaries, never splitting a surrogate pair. Instagram
 * counts bytes instead: splitUtf8.
 */
export function splitText(text: string, max: number): string[] {
  const chars = Array.from(text);
  if (chars.length <= max) return text ? [text] : [];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max).join("");
    let cut = Math.max(window.lastIndexOf("\n\n"), window.lastIndexOf("\n"), window.lastIndexOf(" "));
    if (cut < max / 2) cut = window.length;
    const piece = window.slice(0, cut);
    parts.push(piece.trimEnd());
    rest = Array.from(rest.join("").slice(piece.length).replace(/^\s+/, ""));
  }
  if (rest.length) parts.push(rest.join(""));
  return parts.filter((p) => p.length > 0);
}

const utf8 = new TextEncoder();
const bytesOf = (s: string) => utf8.encode(s).length;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Where a piece may end: after whitespace, or after Japanese/Chinese sentence and clause marks (no spaces there). */
const BREAK_AFTER = /^(?:\s+|[。、！？．，])$/u;

/** A single user-perceived character longer than the limit (a runaway combining sequence): cut between code points. */
function splitCodePoints(cluster: string, maxBytes: number): string[] {
  const out: string[] = [];
  let piece = "";
  for (const cp of cluster) {
    if (piece && bytesOf(piece + cp) > maxBytes) {
      out.push(piece);
      piece = "";
    }
    piece += cp;
  }
  if (piece) out.push(piece);
  return out;
}

/**
 * Splits a reply into pieces of at most `maxBytes` of UTF-8 (Instagram's limit is 1000 bytes,
 * not characters). Cuts fall between graphemes (Intl.Segmenter), so neither a surrogate pair nor
 * a letter and its combining marks nor an emoji sequence is torn apart, and prefer the last
 * whitespace or CJK punctuation in the second half of the window, like splitText.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (bytesOf(text) <= maxBytes) return text ? [text] : [];
  const clusters = Array.from(graphemes.segment(text), (s) => s.segment).flatMap((c) => (bytesOf(c) > maxBytes ? splitCodePoints(c, maxBytes) : [c]));
  const parts: string[] = [];
  let i = 0;
  while (i < clusters.length) {
    // The longest run of whole clusters that fits, remembering the last good place to break.
    let bytes = 0;
    let end = i;
    let soft = -1;
    while (end < clusters.length && bytes + bytesOf(clusters[end]!) <= maxBytes) {
      bytes += bytesOf(clusters[end]!);
      end++;
      if (BREAK_AFTER.test(clusters[end - 1]!) && bytes >= maxBytes / 2) soft = end;
    }
    const cut = end < clusters.length && soft > i ? soft : end;
    const piece = clusters.slice(i, cut).join("").trimEnd();
    if (piece) parts.push(piece);
    i = cut;
    while (i < clusters.length && /^\s+$/u.test(clusters[i]!)) i++;
  }
  return parts;
}
