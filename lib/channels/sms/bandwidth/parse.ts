import "server-only";
import { z } from "zod";
import type { InboundEvent, InboundMedia, ParseResult, RawRequest } from "../../types";
import { mediaKindOf, typeFromUrl } from "../../shared/media-types";
import { mediaName } from "../media";
import type { BandwidthConfig } from "../schema";
import { bandwidthFailureWords } from "./errors";

/*
 * A Bandwidth callback is a JSON array of events. message-received is a customer writing;
 * message-sending/-delivered/-failed report on our sends (message.id is the id our send returned).
 * Other event types are acknowledged and ignored.
 */

const MAX_MEDIA = 10;

const eventSchema = z.looseObject({
  type: z.string(),
  time: z.string().optional(),
  description: z.string().optional(),
  errorCode: z.coerce.number().int().optional(),
  message: z.looseObject({
    id: z.string().trim().min(1).max(128),
    time: z.string().optional(),
    from: z.string().trim().max(64).optional(),
    to: z.array(z.string()).optional(),
    text: z.string().max(20_000).optional(),
    media: z.array(z.string().max(2000)).max(50).optional(),
    direction: z.string().optional(),
    /** What we put in `tag` when sending: our message id. */
    tag: z.string().max(256).optional(),
  }),
});
type BandwidthEvent = z.infer<typeof eventSchema>;

const STATUS: Record<string, "sent" | "delivered" | "failed"> = {
  "message-sending": "sent",
  "message-delivered": "delivered",
  "message-failed": "failed",
};

/** MMS parts; Bandwidth adds the carrier's SMIL/XML layout files, which are not content. */
function media(urls: string[]): InboundMedia[] {
  return urls
    .filter((u) => /^https?:\/\//i.test(u) && !/\.(smil|xml)$/i.test(new URL(u).pathname))
    .slice(0, MAX_MEDIA)
    .map((ref, i) => {
      const contentType = typeFromUrl(ref);
      const file = decodeURIComponent(new URL(ref).pathname.split("/").pop() ?? "");
      return { ref, kind: mediaKindOf(contentType), contentType, name: file || mediaName(i, contentType) };
    });
}

function toEvent(e: BandwidthEvent, config: BandwidthConfig): InboundEvent | null {
  const status = STATUS[e.type];
  // Each part of a long reply is its own Bandwidth message with its own callbacks.
  if (status === "failed") return { type: "status", sourceId: e.message.id, messageId: e.message.tag, part: true, status, error: bandwidthFailureWords(e.errorCode, e.description) };
  if (status) return { type: "status", sourceId: e.message.id, messageId: e.message.tag, part: true, status };
  if (e.type !== "message-received") return null;
  const from = e.message.from;
  // Our own number writing is an echo of a send, never a customer.
  if (!from || from === config.phoneNumber || e.message.direction === "out") return null;
  const items = media(e.message.media ?? []);
  const content = e.message.text ?? "";
  if (!content.trim() && items.length === 0) return null;
  const at = e.message.time ? new Date(e.message.time) : undefined;
  return {
    type: "message",
    contact: { sourceId: from, phone: from.startsWith("+") ? from : undefined },
    message: { sourceId: e.message.id, content, media: items, createdAt: at && !Number.isNaN(at.getTime()) ? at : undefined },
  };
}

export function parseBandwidth(req: RawRequest, config: BandwidthConfig): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  if (!Array.isArray(json)) return { ok: false, issues: ["Body is not an array of events"] };
  const events: InboundEvent[] = [];
  const issues: string[] = [];
  json.forEach((raw, i) => {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((x) => `${i}.${x.path.join(".")}: ${x.message}`));
      return;
    }
    const event = toEvent(parsed.data, config);
    if (event) events.push(event);
  });
  // One unreadable event must not drop its readable neighbours; an array of nothing readable is logged.
  if (issues.length && events.length === 0) return { ok: false, issues };
  return { ok: true, events };
}
