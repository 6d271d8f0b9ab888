/*
 * The chat's whole "framework": create elements with attributes, listeners and children. Strings
 * become text nodes — nothing here (or anywhere in the chat) assigns innerHTML, so text from
 * visitors, agents or admins can never turn into markup.
 */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: never) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]) {
  for (const c of children) if (c) el.append(c);
}

const SVG = "http://www.w3.org/2000/svg";

/** A 24×24 stroked icon from path data; decorative (the button around it carries the label). */
export function icon(paths: string[], cls = "i"): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of [
    ["viewBox", "0 0 24 24"],
    ["aria-hidden", "true"],
    ["focusable", "false"],
    ["class", cls],
    ["fill", "none"],
    ["stroke", "currentColor"],
    ["stroke-width", "2"],
    ["stroke-linecap", "round"],
    ["stroke-linejoin", "round"],
  ])
    svg.setAttribute(k!, v!);
  for (const d of paths) {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}

export const ICONS = {
  send: ["M5 12h14M13 6l6 6-6 6"],
  clip: ["m21 11-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"],
  down: ["M6 9l6 6 6-6"],
  clock: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z", "M12 7v5l3 2"],
  file: ["M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8Z", "M14 3v5h5"],
  x: ["M6 6l12 12M18 6 6 18"],
};
