import "server-only";
import type { InboundEvent, InboundMedia, ParseResult } from "../types";
import { lineMessageSchema, messageEventSchema, webhookBodySchema, type LineConfig, type LineMessage } from "./schema";

type MessageEvent = Extract<InboundEvent, { type: "message" }>;

export const osmLink = (lat: number, lon: number) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;

/**
 * A file LINE holds for a message is downloaded by message id from the content endpoint; one the
 * sender's app hosted elsewhere (`contentProvider.type: "external"`) by its URL.
 */
function mediaRef(m: { id: string; contentProvider?: { type: string; originalContentUrl?: string } }): string {
  return m.contentProvider?.type === "external" && m.contentProvider.originalContentUrl ? m.contentProvider.originalContentUrl : m.id;
}

/** Content and media refs for one LINE message, as the agent should see it. */
export function describeMessage(m: LineMessage): { content: string; media: InboundMedia[] } {
  switch (m.type) {
    case "text":
      return { content: m.text, media: [] };
    case "image":
    case "video":
    case "audio":
      // The bytes arrive through fetchMedia; the attachment is the message.
      return { content: "", media: [{ ref: mediaRef(m), kind: m.type }] };
    case "file":
      return { content: "", media: [{ ref: m.id, kind: "file", ...(m.fileName ? { name: m.fileName } : {}) }] };
    case "location": {
      const lines = [m.title, m.address].map((s) => s?.trim()).filter((s): s is string => Boolean(s));
      if (lines.length === 0) lines.push("Shared a location");
      lines[0] = `📍 ${lines[0]}`;
      return { content: [...lines, osmLink(m.latitude, m.longitude)].join("\n"), media: [] };
    }
    case "sticker": {
      // LINE offers no download of sticker images through the API; its keywords say what it shows.
      if (m.text?.trim()) return { content: `Sticker: “${m.text.trim()}”`, media: [] };
      const words = (m.keywords ?? []).slice(0, 5);
      return { content: words.length ? `Sticker (${words.join(", ")})` : "Sticker", media: [] };
    }
  }
}

/**
 * LINE webhook body → normalised events. Only one-to-one chats become conversations: in a group or
 * multi-person chat a push to the sender would answer them privately and a push to the group would
 * answer everyone, neither of which is what the agent means, so those events are acknowledged and
 * skipped. follow/unfollow/postback/… are acknowledged and skipped too. The console's "Verify"
 * sends `events: []`, which parses to nothing.
 */
export function parseLineWebhook(body: Buffer, config: Pick<LineConfig, "botUserId">): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`) };
  const { destination, events } = parsed.data;
  // Signed with this inbox's secret but addressed to another bot: not ours to store.
  if (config.botUserId && destination && destination !== config.botUserId) return { ok: true, events: [] };

  const out: MessageEvent[] = [];
  for (const raw of events) {
    const event = messageEventSchema.safeParse(raw);
    if (!event.success) continue;
    const { source, message, timestamp } = event.data;
    if (source.type !== "user" || !source.userId) continue;
    const known = lineMessageSchema.safeParse(message);
    const { content, media } = known.success
      ? describeMessage(known.data)
      : { content: `Sent a LINE ${message.type} message, which Konversio cannot show.`, media: [] };
    out.push({
      type: "message",
      contact: { sourceId: source.userId },
      message: {
        // LINE's message id is unique per message and stays the same on redelivery.
        sourceId: message.id,
        content,
        ...(media.length ? { media } : {}),
        ...(timestamp ? { createdAt: new Date(timestamp) } : {}),
      },
    });
  }
  return { ok: true, events: out };
}
