import "server-only";
import { mediaKindOf } from "../shared/media-types";
import type { InboundEvent, InboundMedia, ParseResult } from "../types";
import { updateSchema, type TelegramMessage } from "./schema";

/** What a message shows in the thread: text plus provider-held files for the fetch-media job. */
type Shown = { content: string; media: InboundMedia[] };

export const osmLink = (lat: number, lon: number) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;

const file = (kind: InboundMedia["kind"], f: { file_id: string; file_name?: string; mime_type?: string }, fallback: { name?: string; contentType?: string } = {}): InboundMedia => ({
  ref: f.file_id,
  kind,
  ...((f.file_name ?? fallback.name) ? { name: f.file_name ?? fallback.name } : {}),
  ...((f.mime_type ?? fallback.contentType) ? { contentType: f.mime_type ?? fallback.contentType } : {}),
});

const joinLines = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.trim()).join("\n");

/** The message's own content, or null for service messages (pins, joins…) that say nothing to an agent. */
function show(m: TelegramMessage): Shown | null {
  const caption = m.caption;
  if (m.text !== undefined) return { content: m.text, media: [] };
  if (m.photo?.length) {
    // Telegram sends every size it made; the last one is the largest.
    const largest = m.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a));
    return { content: caption ?? "", media: [{ ref: largest.file_id, kind: "image", contentType: "image/jpeg" }] };
  }
  // A GIF arrives as an animation (and, for old clients, also as a document): take it once.
  if (m.animation) return { content: caption ?? "", media: [file("video", m.animation, { contentType: "video/mp4" })] };
  if (m.document) return { content: caption ?? "", media: [file(mediaKindOf(m.document.mime_type), m.document)] };
  if (m.audio) {
    const title = [m.audio.performer, m.audio.title].filter(Boolean).join(" – ");
    return { content: caption ?? "", media: [file("audio", m.audio, { name: title || undefined, contentType: "audio/mpeg" })] };
  }
  if (m.voice) return { content: caption ?? "", media: [file("audio", m.voice, { name: "Voice message.ogg", contentType: "audio/ogg" })] };
  if (m.video) return { content: caption ?? "", media: [file("video", m.video, { contentType: "video/mp4" })] };
  if (m.video_note) return { content: "", media: [file("video", m.video_note, { name: "Video message.mp4", contentType: "video/mp4" })] };
  if (m.sticker) {
    const emoji = m.sticker.emoji ? ` ${m.sticker.emoji}` : "";
    // Animated (.tgs) and video (.webm) stickers do not display as images; their emoji says enough.
    if (m.sticker.is_animated || m.sticker.is_video) return { content: `Sticker${emoji}`, media: [] };
    return { content: "", media: [{ ref: m.sticker.file_id, kind: "sticker", name: "Sticker.webp", contentType: "image/webp" }] };
  }
  if (m.venue) {
    const { latitude, longitude } = m.venue.location;
    return { content: joinLines(`Venue: ${m.venue.title}`, m.venue.address, osmLink(latitude, longitude)), media: [] };
  }
  if (m.location) {
    const { latitude, longitude, live_period } = m.location;
    const label = live_period ? "Live location (where it started)" : "Location";
    return { content: `${label}: ${osmLink(latitude, longitude)}`, media: [] };
  }
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(" ");
    return { content: `Contact: ${name}, ${m.contact.phone_number}`, media: [] };
  }
  if (m.poll) return { content: joinLines(`Poll: ${m.poll.question}`, ...m.poll.options.map((o) => `• ${o.text}`)), media: [] };
  if (m.dice) return { content: `${m.dice.emoji} rolled ${m.dice.value}`, media: [] };
  return null;
}

function contactOf(m: TelegramMessage): Extract<InboundEvent, { type: "message" }>["contact"] {
  const who = m.from ?? m.chat;
  const name = [who.first_name, who.last_name].filter(Boolean).join(" ").trim() || (who.username ? `@${who.username}` : undefined);
  // Someone sharing their own contact card tells us their phone number.
  const phone = m.contact && m.from && m.contact.user_id === m.from.id ? m.contact.phone_number : undefined;
  return { sourceId: String(m.chat.id), ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
}

/**
 * One update → at most one message event. Decisions (README "Telegram"):
 * - only private chats: a group has many speakers but a conversation has one contact, and a
 *   reply would go to the whole group, so group, supergroup and channel posts are acknowledged and ignored;
 * - an edit becomes a new message "(edited) …" (sourceId `<chat>:<message>:edit:<edit_date>`),
 *   text and captions only: live-location moves also arrive as edits and would flood the thread;
 * - messages from bots (including this bot, should Telegram ever echo one) are ignored.
 */
export function parseUpdate(body: Buffer, botId: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  const parsed = updateSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const update = parsed.data;
  const edited = !update.message && Boolean(update.edited_message);
  const m = update.message ?? update.edited_message;
  if (!m || m.chat.type !== "private") return { ok: true, events: [] };
  if (m.from?.is_bot || String(m.from?.id) === botId) return { ok: true, events: [] };

  const shown = show(m);
  if (!shown) return { ok: true, events: [] };
  if (edited) {
    const text = m.text ?? m.caption;
    if (!text || !m.edit_date) return { ok: true, events: [] };
    return {
      ok: true,
      events: [
        {
          type: "message",
          contact: contactOf(m),
          message: { sourceId: `${m.chat.id}:${m.message_id}:edit:${m.edit_date}`, content: `(edited) ${text}`, createdAt: new Date(m.edit_date * 1000) },
        },
      ],
    };
  }
  return {
    ok: true,
    events: [
      {
        type: "message",
        contact: contactOf(m),
        message: {
          sourceId: `${m.chat.id}:${m.message_id}`,
          content: shown.content,
          ...(shown.media.length ? { media: shown.media } : {}),
          createdAt: new Date(m.date * 1000),
        },
      },
    ],
  };
}
