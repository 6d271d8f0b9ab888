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
 * Splits a reply into pieces the provider accepts (WhatsApp 4096, Messenger 2000, Instagram 1000
 * characters), preferring paragraph, line and word boundaries, never splitting a surrogate pair.
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
