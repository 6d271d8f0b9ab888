import type { Item, WidgetMessage } from "./types";

/*
 * Pure helpers of the visitor chat (lib/widget/client), also used by the admin preview's React
 * (readableOn, safeColor). No DOM, so they are unit-tested in node.
 */

const HEX = /^#[0-9a-f]{6}$/i;

export const safeColor = (hex: string) => (HEX.test(hex) ? hex : "#5753d0");

/** White or near-black, whichever reads better on `hex` (WCAG relative luminance). */
export function readableOn(hex: string): string {
  if (!HEX.test(hex)) return "#ffffff";
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  // Contrast against white vs. against #111113; pick the larger.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0566 ? "#ffffff" : "#111113";
}

/**
 * The header's hint. Outside business hours it says when the team is back, in the visitor's own
 * clock ("We're away — back Mon 09:00"; "back at 09:00" later today).
 */
export function replyTimeHint(replyTime: string, away?: { until: string | null } | null, now = new Date()): string {
  if (away) {
    const back = away.until ? new Date(away.until) : null;
    if (!back || Number.isNaN(back.getTime())) return "We're away right now";
    const hhmm = back.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (back.toDateString() === now.toDateString()) return `We're away — back at ${hhmm}`;
    const within = back.getTime() - now.getTime() < 6 * 86_400_000;
    const day = within ? back.toLocaleDateString([], { weekday: "short" }) : back.toLocaleDateString([], { day: "numeric", month: "short" });
    return `We're away — back ${day} ${hhmm}`;
  }
  if (replyTime === "hours") return "Typically replies in a few hours";
  if (replyTime === "day") return "Typically replies within a day";
  return "Typically replies in a few minutes";
}

export function fileSize(n: number | undefined): string {
  if (typeof n !== "number" || !Number.isFinite(n)) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
};

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Message text split into plain strings and http(s) links (trailing punctuation stays outside the
 * link). The caller turns strings into text nodes: HTML in a message is never interpreted.
 */
export function linkify(text: string): (string | { url: string })[] {
  const out: (string | { url: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? "";
    if (trail) url = url.slice(0, -trail.length);
    const start = m.index ?? 0;
    if (start > last) out.push(text.slice(last, start));
    out.push({ url });
    last = start + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;
export const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,.pdf,.txt,.csv,.docx,.xlsx,.zip";
const ALLOWED_EXT = /\.(png|jpe?g|gif|webp|pdf|txt|csv|docx|xlsx|zip)$/i;

/** Why a picked file cannot be sent, before uploading it (the server checks again, from the bytes). */
export function fileProblem(file: { name: string; size: number }): string | null {
  if (file.size > MAX_FILE_BYTES) return `Too large (${fileSize(file.size)}): files can be up to 10 MB`;
  if (!file.size) return "This file is empty";
  if (!ALLOWED_EXT.test(file.name)) return "This kind of file can't be sent: use an image, PDF, TXT, CSV, DOCX, XLSX or ZIP";
  return null;
}

/**
 * An attachment url this page may load: the server hands the visitor signed, expiring links
 * (`/api/attachments/<id>?expires=…&signature=…`), used as given; nothing else of ours.
 */
export function attachmentSrc(url: string | undefined): string | null {
  if (!url) return null;
  return /^https?:\/\//.test(url) || /^\/api\/attachments\/[\w-]+(\?[\w=&%.-]*)?$/.test(url) ? url : null;
}

/**
 * Adds or replaces `m`: by id, else the visitor's own pending copy (same clientId, or — for a
 * stream event, which has none — same text). The pending copy's clientId stays, so its row in
 * the list is kept rather than redrawn.
 */
export function upsert(list: Item[], m: Item): Item[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) return list.map((x, j) => (j === i ? { ...m, clientId: x.clientId ?? m.clientId } : x));
  const pending = list.findIndex(
    (x) => x.local && x.kind === m.kind && ((m.clientId && x.clientId === m.clientId) || (!m.clientId && x.content === m.content)),
  );
  if (pending >= 0) return list.map((x, j) => (j === pending ? { ...m, clientId: x.clientId } : x));
  return [...list, m];
}

/**
 * History from the server, then the visitor's messages still on their way. A pending message is
 * dropped when the history holds a new message of theirs with its text (each match used once).
 * Messages the live feed delivered that this history lacks stay: the history was read before
 * they were committed, and its answer arrived after them.
 */
export function mergeHistory(data: WidgetMessage[], prev: Item[]): Item[] {
  const clientIds = new Map(prev.filter((x) => !x.local && x.clientId).map((x) => [x.id, x.clientId]));
  const inHistory = new Set(data.map((m) => m.id));
  const fresh = data.filter((m) => m.kind === "incoming" && !prev.some((x) => x.id === m.id));
  const pending = prev.filter((x) => {
    if (!x.local) return false;
    const hit = fresh.findIndex((m) => m.content === x.content);
    if (hit >= 0) fresh.splice(hit, 1);
    return hit < 0;
  });
  const liveOnly = prev.filter((x) => !x.local && !inHistory.has(x.id));
  const confirmed = [...data.map((m) => (clientIds.has(m.id) ? { ...m, clientId: clientIds.get(m.id) } : m)), ...liveOnly];
  // ISO timestamps order as strings; the sort is stable, so equal times keep the server's order.
  if (liveOnly.length) confirmed.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return [...confirmed, ...pending];
}

/** Messages from the same side (and the same agent) form a run: the name shows on its first, the time on its last. */
export function runEdges(items: Item[], i: number): { first: boolean; last: boolean } {
  const m = items[i]!;
  const same = (o: Item | undefined) => !!o && o.kind === m.kind && o.sender?.name === m.sender?.name;
  return { first: !same(items[i - 1]), last: !same(items[i + 1]) };
}

export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http installs fall back to a v4 from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The pre-chat form's own check, so the visitor hears about a typo at once; the server decides. */
export const looksLikeEmail = (v: string) => v.length <= 320 && EMAIL_RE.test(v);
