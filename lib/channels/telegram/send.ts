import "server-only";
import type { OutboundAttachment, OutboundMessage } from "../types";
import { PermanentDeliveryError } from "../types";
import { callBot, TelegramApiError } from "./client";
import { sendRefusal } from "./errors";
import { sentMessageResult } from "./schema";
import { TIMEOUTS } from "../shared/http";
import { sendInParts } from "../shared/parts";
import { splitText as splitShared, utf16Units } from "../shared/text";

/** Bot API limits: text 4096 characters, captions 1024, photos 10 MB, other uploads 50 MB. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** Splits long text at line or word boundaries so each part fits one message (Telegram counts UTF-16 code units). */
export const splitText = (text: string, limit = TEXT_LIMIT): string[] => splitShared(text, limit, utf16Units);

type Part = { kind: "text"; text: string } | { kind: "file"; attachment: OutboundAttachment; caption?: string };

/** The messages one reply becomes: one attachment carries the text as its caption when it fits. */
export function planParts(content: string, attachments: OutboundAttachment[]): Part[] {
  const text = content.trim();
  if (attachments.length === 1 && text && text.length <= CAPTION_LIMIT) {
    return [{ kind: "file", attachment: attachments[0]!, caption: text }];
  }
  return [...splitText(text).map((t) => ({ kind: "text" as const, text: t })), ...attachments.map((a) => ({ kind: "file" as const, attachment: a }))];
}

async function upload(token: string, chatId: string, a: OutboundAttachment, caption: string | undefined, asPhoto: boolean) {
  const form = new FormData();
  form.set("chat_id", chatId);
  if (caption) form.set("caption", caption);
  const bytes = await a.read();
  form.set(asPhoto ? "photo" : "document", new Blob([new Uint8Array(bytes)], { type: a.contentType }), a.name);
  return callBot(token, asPhoto ? "sendPhoto" : "sendDocument", sentMessageResult, form, TIMEOUTS.upload);
}

async function sendFile(token: string, chatId: string, a: OutboundAttachment, caption?: string) {
  if (a.size > UPLOAD_MAX_BYTES) throw new PermanentDeliveryError(`${a.name} is larger than 50 MB, the most a Telegram bot may send.`);
  const asPhoto = PHOTO_TYPES.has(a.contentType) && a.size <= PHOTO_MAX_BYTES;
  if (!asPhoto) return upload(token, chatId, a, caption, false);
  try {
    return await upload(token, chatId, a, caption, true);
  } catch (e) {
    // Photos Telegram cannot process (odd dimensions, unusual encoding) still go through as files.
    if (e instanceof TelegramApiError && e.code === 400 && !/chat not found/i.test(e.description)) return upload(token, chatId, a, caption, false);
    throw e;
  }
}

async function sendPart(token: string, chatId: string, part: Part) {
  return part.kind === "text"
    ? callBot(token, "sendMessage", sentMessageResult, { chat_id: chatId, text: part.text })
    : sendFile(token, chatId, part.attachment, part.caption);
}

/**
 * Delivers one reply as one or more Telegram messages and returns `<chat_id>:<message_id>` of
 * the first (the same shape as inbound source ids). Parts already delivered are recorded, so a
 * transient failure half-way is retried from the part that failed, never repeating earlier ones.
 */
export async function sendTelegram(token: string, message: OutboundMessage): Promise<{ sourceId: string }> {
  const chatId = message.contact.sourceId;
  if (!chatId) throw new PermanentDeliveryError("This conversation has no Telegram chat to reply to.");
  const parts = planParts(message.content, message.attachments);
  if (parts.length === 0) throw new PermanentDeliveryError("There is nothing to send: the reply is empty.");
  const ids = await sendInParts(parts, message.progress, async (part) => {
    try {
      const sent = await sendPart(token, chatId, part);
      return `${sent.chat.id}:${sent.message_id}`;
    } catch (e) {
      throw e instanceof TelegramApiError ? sendRefusal(e) : e;
    }
  });
  return { sourceId: ids[0]! };
}
