import "server-only";
import { z } from "zod";
import type { InboundEvent, InboundMedia, ParseResult, RawRequest } from "../../types";
import { mediaKindOf } from "../../shared/media-types";
import { mediaName } from "../media";
import type { TwilioConfig } from "../schema";
import { twilioFailureWords } from "./errors";

/*
 * One webhook URL receives both kinds of Twilio request: incoming messages (the number's or the
 * Messaging Service's "A message comes in" webhook) and status callbacks for our own sends (we
 * pass the same URL as StatusCallback). Status callbacks carry an outbound MessageStatus; an
 * incoming message carries none or `received`. A status callback never becomes a message.
 */

const MAX_MEDIA = 10;

const formSchema = z.looseObject({
  MessageSid: z.string().trim().min(1, "MessageSid is missing").max(64),
  AccountSid: z.string().trim().max(64).optional(),
  From: z.string().trim().max(64).optional(),
  To: z.string().trim().max(64).optional(),
  Body: z.string().max(20_000).optional(),
  NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).optional(),
  MessageStatus: z.string().trim().toLowerCase().optional(),
  SmsStatus: z.string().trim().toLowerCase().optional(),
  ErrorCode: z.coerce.number().int().optional(),
  ErrorMessage: z.string().max(500).optional(),
});
type TwilioForm = z.infer<typeof formSchema>;

const INBOUND_STATUSES = new Set(["received", "receiving"]);

/** Twilio's outbound statuses → our ticks. accepted/scheduled/queued/sending are all still "on its way". */
const STATUS_MAP: Record<string, "sent" | "delivered" | "read" | "failed"> = {
  accepted: "sent",
  scheduled: "sent",
  queued: "sent",
  sending: "sent",
  sent: "sent",
  delivered: "delivered",
  partially_delivered: "delivered",
  read: "read",
  undelivered: "failed",
  failed: "failed",
  canceled: "failed",
};

function statusEvent(form: TwilioForm, status: string): InboundEvent[] {
  const mapped = STATUS_MAP[status];
  if (!mapped) return []; // A status we do not track: acknowledged, ignored.
  if (mapped !== "failed") return [{ type: "status", sourceId: form.MessageSid, status: mapped }];
  const error = status === "canceled" ? "The message was canceled before it was sent" : twilioFailureWords(form.ErrorCode, form.ErrorMessage);
  return [{ type: "status", sourceId: form.MessageSid, status: "failed", error }];
}

function media(params: URLSearchParams, count: number): InboundMedia[] {
  const out: InboundMedia[] = [];
  for (let i = 0; i < Math.min(count, MAX_MEDIA); i++) {
    const url = params.get(`MediaUrl${i}`);
    if (!url || !/^https?:\/\//i.test(url)) continue;
    const contentType = params.get(`MediaContentType${i}`)?.trim() || undefined;
    out.push({ ref: url, kind: mediaKindOf(contentType), contentType, name: mediaName(i, contentType) });
  }
  return out;
}

export function parseTwilio(req: RawRequest, config: TwilioConfig): ParseResult {
  const params = new URLSearchParams(req.body.toString("utf8"));
  const parsed = formSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const form = parsed.data;
  // Another account's traffic (a misconfigured webhook on a different Twilio account) is not ours.
  if (form.AccountSid && form.AccountSid !== config.accountSid) return { ok: true, events: [] };

  const status = form.MessageStatus ?? form.SmsStatus;
  if (status && !INBOUND_STATUSES.has(status)) {
    const messageId = new URL(req.url).searchParams.get("message") ?? undefined;
    // Each part of a long reply is its own Twilio message with its own callbacks.
    return { ok: true, events: statusEvent(form, status).map((e) => (e.type === "status" ? { ...e, messageId, part: true as const } : e)) };
  }

  // From our own number it is an echo of one of our sends, never a customer writing.
  if (!form.From || (config.phoneNumber && form.From === config.phoneNumber)) return { ok: true, events: [] };
  const items = media(params, form.NumMedia ?? 0);
  const content = form.Body ?? "";
  if (!content.trim() && items.length === 0) return { ok: true, events: [] };
  return {
    ok: true,
    events: [
      {
        type: "message",
        contact: { sourceId: form.From, phone: form.From.startsWith("+") ? form.From : undefined },
        message: { sourceId: form.MessageSid, content, media: items },
      },
    ],
  };
}
