import "server-only";
import type { InboundEvent, InboundMedia, ParseResult, RawRequest } from "../types";
import { messagingItemSchema, messagingWebhookSchema, type MessagingAttachment, type MessagingItem } from "./messaging-schema";
import type { MessagingSpec } from "./messaging-spec";
import { locationText } from "./text";

const issuesOf = (e: { issues: { path: PropertyKey[]; message: string }[] }) => e.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

const KINDS: Record<string, InboundMedia["kind"]> = { image: "image", audio: "audio", video: "video", file: "file" };

/** One attachment: a provider-held file to download, or text for things that are not files. */
function attachmentPart(a: MessagingAttachment): { media?: InboundMedia; text?: string } {
  const url = a.payload?.url ?? a.url;
  const kind = KINDS[a.type];
  if (kind && url) return { media: { ref: url, kind: a.type === "image" && a.payload?.sticker_id !== undefined ? "sticker" : kind } };
  if (a.type === "location" && a.payload?.coordinates) {
    return { text: locationText({ latitude: a.payload.coordinates.lat, longitude: a.payload.coordinates.long, name: a.title }) };
  }
  const title = a.payload?.title ?? a.title;
  if (a.type === "story_mention") return { text: `📣 Mentioned you in their story${url ? `: ${url}` : ""}` };
  if (url) return { text: `🔗 Shared ${title ? `“${title}”` : "a link"}: ${url}` };
  return { text: `The customer sent a ${a.type.replace(/_/g, " ")} that Konversio cannot show.` };
}

function messageEvent(item: MessagingItem, spec: MessagingSpec): InboundEvent | null {
  const m = item.message!;
  if (m.is_echo || m.is_deleted) return null;
  const parts = (m.attachments ?? []).map(attachmentPart);
  const texts = [m.reply_to?.story ? "↩️ Replied to your story" : undefined, m.text, ...parts.map((p) => p.text)].filter((t): t is string => Boolean(t && t.trim()));
  if (m.is_unsupported && !texts.length) texts.push(`The customer sent a message that ${spec.provider} does not let apps show. Ask them to send it as text or a file.`);
  const media = parts.flatMap((p) => (p.media ? [p.media] : []));
  if (!texts.length && !media.length) return null;
  return {
    type: "message",
    contact: { sourceId: item.sender.id },
    message: {
      sourceId: m.mid,
      content: texts.join("\n"),
      media: media.length ? media : undefined,
      createdAt: item.timestamp ? new Date(item.timestamp) : undefined,
    },
  };
}

/**
 * Parses a Messenger or Instagram webhook for one account (Page or Instagram account). Entries
 * for another account, echoes of our own sends and events Konversio does not use yield nothing.
 */
export function parseMessaging(req: RawRequest, spec: MessagingSpec, accountId: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  const body = messagingWebhookSchema.safeParse(json);
  if (!body.success) return { ok: false, issues: issuesOf(body.error) };
  if (body.data.object !== spec.object) return { ok: true, events: [] };

  const events: InboundEvent[] = [];
  for (const entry of body.data.entry) {
    if (entry.id !== accountId) continue;
    for (const raw of entry.messaging ?? []) {
      const parsed = messagingItemSchema.safeParse(raw);
      if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
      const item = parsed.data;
      if (item.message) {
        const e = messageEvent(item, spec);
        if (e) events.push(e);
      } else if (item.postback) {
        const p = item.postback;
        events.push({
          type: "message",
          contact: { sourceId: item.sender.id },
          message: {
            sourceId: p.mid ?? `postback:${item.sender.id}:${item.timestamp ?? p.payload ?? ""}`,
            content: p.title || p.payload || "The customer tapped a button.",
            createdAt: item.timestamp ? new Date(item.timestamp) : undefined,
          },
        });
      } else if (item.delivery) {
        // `mids` comes only sometimes; the watermark always, and covers every earlier reply.
        for (const mid of item.delivery.mids ?? []) events.push({ type: "status", sourceId: mid, status: "delivered" });
        if (item.delivery.watermark) events.push({ type: "watermark", status: "delivered", contactSourceId: item.sender.id, upTo: new Date(item.delivery.watermark) });
      } else if (item.read) {
        // Instagram names the message read; Messenger gives a watermark covering everything before it.
        if (item.read.mid) events.push({ type: "status", sourceId: item.read.mid, status: "read" });
        // Messenger names no message, only a watermark: everything we sent before it was read.
        else if (item.read.watermark) events.push({ type: "watermark", status: "read", contactSourceId: item.sender.id, upTo: new Date(item.read.watermark) });
      }
    }
  }
  return { ok: true, events };
}
