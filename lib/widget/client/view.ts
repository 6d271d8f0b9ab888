import { h, icon, ICONS } from "./dom";
import { attachmentSrc, fileSize, IMAGE_TYPES, linkify, replyTimeHint, runEdges, time } from "./format";
import type { Attachment, Item, WidgetConfig } from "./types";

/* The chat's static parts and one message row, built from data with text nodes only. */

export type Shell = {
  root: HTMLElement;
  header: HTMLElement;
  list: HTMLOListElement;
  live: HTMLElement;
  conn: HTMLParagraphElement;
  notice: HTMLParagraphElement;
  bottom: HTMLElement;
};

export function buildShell(): Shell {
  const header = h("header", { class: "hd" });
  const list = h("ol", { class: "ls", "aria-label": "Messages", "aria-busy": "true" });
  // Agent replies are read out as they arrive; the list itself is not a live region (history would be read too).
  const live = h("div", { class: "sr", "aria-live": "polite", "aria-atomic": "true" });
  const conn = h("p", { class: "bar warn", role: "status", hidden: true });
  const notice = h("p", { class: "bar err", role: "alert", hidden: true });
  const bottom = h("div", { class: "bt" });
  const footer = h(
    "footer",
    { class: "ft" },
    "Powered by ",
    h("a", { href: "https://konversio.app", target: "_blank", rel: "noopener noreferrer" }, "Konversio"),
  );
  const root = h("section", { class: "w" }, header, list, live, conn, notice, bottom, footer);
  return { root, header, list, live, conn, notice, bottom };
}

/** Header in the inbox colour: welcome title, tagline, reply-time hint, and the close button. */
export function fillHeader(header: HTMLElement, cfg: WidgetConfig, close: (() => void) | null) {
  header.replaceChildren(
    h(
      "div",
      { class: "hr" },
      h("div", { class: "ht" }, h("h1", null, cfg.welcomeTitle), cfg.welcomeTagline && h("p", { class: "tg" }, cfg.welcomeTagline)),
      close && closeButton(close),
    ),
    h("p", { class: "rt" }, icon(ICONS.clock), replyTimeHint(cfg.replyTime, cfg.away)),
  );
}

function closeButton(close: () => void) {
  const b = h("button", { type: "button", class: "x", "aria-label": "Close chat", onclick: close });
  b.append(icon(ICONS.down));
  return b;
}

/** The page for a deleted or unknown inbox. */
export function unavailable(close: (() => void) | null): HTMLElement {
  return h(
    "main",
    { class: "na" },
    h("h1", null, "This chat is not available"),
    h("p", null, "The website's chat has been switched off."),
    close && h("button", { type: "button", onclick: close }, "Close"),
  );
}

function text(content: string): (Node | string)[] {
  return linkify(content).map((part) =>
    typeof part === "string" ? part : h("a", { href: part.url, target: "_blank", rel: "noopener noreferrer nofollow ugc" }, part.url),
  );
}

/** Images as thumbnails linking to the full picture; anything else as a download chip. */
function attachments(list: Attachment[], onImage: () => void): HTMLElement {
  const ul = h("ul", { class: "at", "aria-label": "Attachments" });
  for (const a of list) {
    const href = attachmentSrc(a.url);
    if (!href) continue;
    const name = a.name || "Attachment";
    if (a.contentType && IMAGE_TYPES.includes(a.contentType)) {
      const img = h("img", { src: href, alt: name, loading: "lazy" });
      img.addEventListener("load", onImage);
      ul.append(h("li", null, h("a", { class: "th", href, target: "_blank", rel: "noopener noreferrer" }, img)));
    } else {
      const link = h(
        "a",
        { class: "fc", href, download: name, target: "_blank", rel: "noopener noreferrer" },
        icon(ICONS.file),
        h("span", { class: "fn" }, name),
        a.size !== undefined && h("span", { class: "fs" }, fileSize(a.size)),
      );
      ul.append(h("li", null, link));
    }
  }
  return ul;
}

export type RowContext = { teamName: string; retry: (m: Item) => void; onImage: () => void };

/** What a row shows; the list redraws a row only when this changes. */
export function rowSignature(items: Item[], i: number, ctx: RowContext): string {
  const m = items[i]!;
  const { first, last } = runEdges(items, i);
  return JSON.stringify([m.id, m.content, m.local, m.attachments, m.sender?.name, m.createdAt, first, last, ctx.teamName]);
}

/** One message: the agent's name on the first of a run, the bubble, its files, and the time (or sending state). */
export function messageRow(items: Item[], i: number, ctx: RowContext): HTMLLIElement {
  const m = items[i]!;
  const { first, last } = runEdges(items, i);
  const mine = m.kind === "incoming";
  const files = m.attachments?.length ? attachments(m.attachments, ctx.onImage) : null;
  let meta: HTMLElement | null = null;
  if (m.local === "sending") meta = h("div", { class: "mt" }, "Sending…");
  else if (m.local === "failed")
    meta = h("div", { class: "mt fail" }, "Not sent · ", h("button", { type: "button", onclick: () => ctx.retry(m) }, "Retry"));
  else if (last) meta = h("div", { class: "mt" }, time(m.createdAt));
  return h(
    "li",
    { class: `m ${mine ? "in" : "out"}${first ? " first" : ""}` },
    !mine && first && h("span", { class: "nm" }, m.sender?.name ?? ctx.teamName),
    (m.content || !files) && h("div", { class: `bb${m.local === "sending" ? " pend" : ""}${m.local === "failed" ? " fail" : ""}` }, ...text(m.content)),
    files,
    meta,
  );
}
