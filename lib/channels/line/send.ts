import "server-only";
import { createHash } from "node:crypto";
import { isOwnPreview, makePreview, UndecodableImage } from "@/lib/attachments/preview";
import { signedPreviewUrl } from "@/lib/attachments/signed-url";
import { isUuid } from "@/lib/ids";
import { log } from "@/lib/log";
import { isTransientStatus, retryAfterOf } from "../shared/errors";
import { bearer } from "../shared/http";
import { splitText as splitShared, utf16Units } from "../shared/text";
import { PermanentDeliveryError, TransientDeliveryError, type OutboundAttachment, type OutboundMessage } from "../types";
import { apiBase, describe, lineFetch, readLineError, type LineError } from "./client";
import { pushResponseSchema } from "./schema";

/**
 * LINE's limits: 5,000 characters per text, 5 message objects per push, images JPEG/PNG up to
 * 10 MB, each with a preview (JPEG/PNG, at most 1 MB) that LINE fetches by its own URL.
 */
export const MAX_TEXT = 5000;
export const MAX_PER_PUSH = 5;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);

export type LineOutMessage = { type: "text"; text: string } | { type: "image"; originalContentUrl: string; previewImageUrl: string };

/** Splits long text at the last line break or space before the limit, so words stay whole. */
export const splitText = (text: string, max = MAX_TEXT): string[] => splitShared(text, max, utf16Units);

/**
 * The image message for an attachment, or null when it must go as a link. LINE's phones show the
 * preview in the chat and the original when tapped; an original over 1 MB gets our downscaled
 * preview (lib/attachments/preview.ts). The preview is made here once, to learn whether the image
 * decodes at all: one that does not would reach the customer as a broken picture, so it goes as a
 * download link instead. The preview route makes (and keeps) it again when LINE asks for it.
 */
async function imageMessage(a: OutboundAttachment): Promise<LineOutMessage | null> {
  if (!IMAGE_TYPES.has(a.contentType) || a.size > MAX_IMAGE_BYTES) return null;
  const image = (previewImageUrl: string): LineOutMessage => ({ type: "image", originalContentUrl: a.publicUrl, previewImageUrl });
  try {
    await makePreview(await a.read());
  } catch (e) {
    if (e instanceof UndecodableImage) return null;
    // No image library here (sharp failed to load): a small image is still its own preview, a large
    // one goes as a link rather than failing the whole reply.
    log.warn("line", `image ${a.id}: no preview could be made`, e);
    return isOwnPreview(a) ? image(a.publicUrl) : null;
  }
  return image(isOwnPreview(a) ? a.publicUrl : signedPreviewUrl(a.id));
}

/**
 * The reply as LINE message objects. LINE pushes images by URL (it downloads them itself), so
 * JPEG/PNG attachments go as image messages with our signed links. LINE cannot push arbitrary
 * files, and its video/audio messages need a preview image or a duration we do not have, so every
 * other attachment (and an image that cannot be decoded) goes as a text with its name and the
 * signed link: the customer still gets it.
 */
export async function buildLineMessages(message: Pick<OutboundMessage, "content" | "attachments">): Promise<LineOutMessage[]> {
  const out: LineOutMessage[] = splitText(message.content).map((text) => ({ type: "text", text }));
  for (const a of message.attachments) {
    out.push((await imageMessage(a)) ?? { type: "text", text: `📎 ${a.name} (download link valid for 24 hours):\n${a.publicUrl}` });
  }
  return out;
}

const asUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/**
 * `X-Line-Retry-Key` for push number `index` of one of our messages. Derived from our message id,
 * so every retry of the same job (and a resend of a failed message) carries the same key and LINE
 * executes the push at most once; our ids are UUIDs already, which is the format LINE wants.
 */
export function retryKey(messageId: string, index: number): string {
  if (index === 0 && isUuid(messageId)) return messageId.toLowerCase();
  return asUuid(createHash("sha256").update(`konversio-line:${messageId}:${index}`).digest("hex"));
}

const plain = {
  recipient: "LINE does not know this recipient for this channel: the user may have deleted their account, or belong to another LINE channel.",
  refused: "LINE refused to deliver this message",
  token: "LINE rejected the channel access token (it may have been reissued or revoked). Paste a new one on the inbox's Configuration tab.",
  quota: "Your LINE Official Account has used up this month's message allowance. Raise the limit in LINE Official Account Manager, then resend.",
  forbidden:
    "LINE did not allow this push message. Your LINE plan or account may not permit push messages, or the user cannot receive them.",
} as const;

/** LINE's refusal in words an agent understands, with LINE's own message kept for support. */
export function classifyPushError(err: LineError, retryAfterSeconds?: number): PermanentDeliveryError | TransientDeliveryError {
  const said = `LINE said: ${describe(err)}`;
  if (err.status === 401) return new PermanentDeliveryError(`${plain.token} ${said}`, { credentials: true });
  if (err.status === 429) {
    // The monthly allowance does not come back by retrying for hours; every reply of this inbox
    // will fail the same way until an administrator acts, so the inbox needs attention.
    if (/monthly limit/i.test(err.message)) return new PermanentDeliveryError(`${plain.quota} ${said}`, { credentials: true });
    return new TransientDeliveryError(`LINE is rate limiting us. ${said}`, { retryAfterSeconds });
  }
  if (isTransientStatus(err.status)) return new TransientDeliveryError(`LINE answered HTTP ${err.status}. ${said}`, { retryAfterSeconds });
  if (err.status === 403) {
    const account = /not available for your account/i.test(err.message);
    return new PermanentDeliveryError(`${plain.forbidden} ${said}`, { credentials: account });
  }
  if (err.status === 400 && (/failed to send messages/i.test(err.message) || err.details.some((d) => /\(to\)/.test(d)) || /'to'/.test(err.message))) {
    return new PermanentDeliveryError(`${plain.recipient} ${said}`);
  }
  return new PermanentDeliveryError(`${plain.refused}. ${said}`);
}

/** One push; answers the first sent message id. A 409 means this retry key was already accepted. */
async function push(token: string, to: string, messages: LineOutMessage[], key: string): Promise<string> {
  const res = await lineFetch(`${apiBase()}/v2/bot/message/push`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json", "x-line-retry-key": key },
    body: JSON.stringify({ to, messages }),
  });
  if (res.ok || res.status === 409) {
    const body = pushResponseSchema.safeParse(await res.json().catch(() => ({})));
    const id = body.success ? body.data.sentMessages?.[0]?.id : undefined;
    if (id) return id;
    // LINE accepted it (now or on an earlier attempt) but did not say the id: its request id is
    // the best handle we have. There are no delivery receipts to match it against anyway.
    const requestId = res.headers.get(res.status === 409 ? "x-line-accepted-request-id" : "x-line-request-id");
    return `line-request:${requestId ?? key}`;
  }
  throw classifyPushError(await readLineError(res), retryAfterOf(res));
}

/**
 * Delivers a reply as push messages (at most 5 objects per push). Each push has its own stable
 * retry key, so a retry after a partial failure skips the pushes LINE already accepted (409).
 * LINE sends no delivery receipts for push messages: the message stays "sent".
 */
export async function sendLineMessage(token: string, message: OutboundMessage): Promise<{ sourceId: string }> {
  const to = message.contact.sourceId;
  if (!to) throw new PermanentDeliveryError("This conversation has no LINE user to reply to.");
  const objects = await buildLineMessages(message);
  if (objects.length === 0) throw new PermanentDeliveryError("There is nothing to send: the message is empty.");
  let first: string | undefined;
  for (let i = 0; i * MAX_PER_PUSH < objects.length; i++) {
    const id = await push(token, to, objects.slice(i * MAX_PER_PUSH, (i + 1) * MAX_PER_PUSH), retryKey(message.id, i));
    first ??= id;
  }
  return { sourceId: first! };
}
