import "server-only";
import { z } from "zod";
import { graphCall, type GraphAuth } from "../meta/client";
import { splitText } from "../meta/text";
import { mimeOf } from "../shared/media-types";
import { sendInParts } from "../shared/parts";
import { PermanentDeliveryError, type OutboundAttachment, type OutboundMessage } from "../types";
import { classifyWhatsappError } from "./errors";
import { BSUID_PATTERN, type WhatsappConfig, type WhatsappSecrets } from "./schema";

const sentSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const uploadedSchema = z.object({ id: z.string().min(1) });

export const WHATSAPP_TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

type MediaType = "image" | "video" | "audio" | "document";

/** WhatsApp's accepted types per message kind; anything else still reaches the customer as a document. */
function mediaTypeOf(contentType: string): MediaType {
  const t = mimeOf(contentType);
  if (t === "image/jpeg" || t === "image/png") return "image";
  if (t === "video/mp4" || t === "video/3gpp") return "video";
  if (t && ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"].includes(t)) return "audio";
  return "document";
}

type Ctx = { config: WhatsappConfig; secrets: WhatsappSecrets };

async function call<T>(ctx: Ctx, path: string, init: { json?: unknown; form?: FormData }, schema: z.ZodType<T>): Promise<T> {
  const auth: GraphAuth = { token: ctx.secrets.accessToken, appSecret: ctx.secrets.appSecret };
  try {
    return await graphCall("WhatsApp", auth, { method: "POST", path, ...init }, schema);
  } catch (e) {
    throw classifyWhatsappError(e);
  }
}

/**
 * A customer known by phone number is messaged `to` it; one known only by a business-scoped user
 * id (they adopted a username and WhatsApp withholds the number) through `recipient`.
 */
const addressee = (id: string) => (BSUID_PATTERN.test(id) ? { recipient: id } : { to: id });

async function post(ctx: Ctx, to: string, payload: Record<string, unknown>): Promise<string> {
  const res = await call(
    ctx,
    `${ctx.config.phoneNumberId}/messages`,
    { json: { messaging_product: "whatsapp", recipient_type: "individual", ...addressee(to), ...payload } },
    sentSchema,
  );
  return res.messages[0]!.id;
}

/** WhatsApp takes media by an id from its own upload endpoint (a signed link would need to be reachable by Meta). */
async function upload(ctx: Ctx, a: OutboundAttachment): Promise<string> {
  const bytes = await a.read();
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", a.contentType);
  form.set("file", new Blob([new Uint8Array(bytes)], { type: a.contentType }), a.name);
  const res = await call(ctx, `${ctx.config.phoneNumberId}/media`, { form }, uploadedSchema);
  return res.id;
}

/**
 * Sends a reply: the text (split at WhatsApp's 4096-character limit), then one media message per
 * attachment. When the text is short enough it rides as the first attachment's caption instead, so
 * the customer sees one message. Returns the first WhatsApp message id, whose statuses drive the ticks.
 */
export async function sendWhatsapp(ctx: Ctx, message: OutboundMessage): Promise<{ sourceId: string }> {
  const to = message.contact.sourceId ?? message.contact.phone?.replace(/[^\d]/g, "");
  if (!to) throw new PermanentDeliveryError("This conversation has no WhatsApp number to reply to.");
  const text = message.content.trim();
  const first = message.attachments[0];
  const captionFits = first && text && Array.from(text).length <= CAPTION_LIMIT && mediaTypeOf(first.contentType) !== "audio";
  type Part = { text: string } | { attachment: OutboundAttachment; caption?: string };
  const plan: Part[] = [
    ...(text && !captionFits ? splitText(text, WHATSAPP_TEXT_LIMIT).map((body) => ({ text: body })) : []),
    ...message.attachments.map((attachment, i) => ({ attachment, caption: i === 0 && captionFits ? text : undefined })),
  ];
  if (!plan.length) throw new PermanentDeliveryError("There is nothing to send: the reply is empty.");
  const ids = await sendInParts(plan, message.progress, async (part) => {
    if ("text" in part) return post(ctx, to, { type: "text", text: { body: part.text, preview_url: false } });
    const type = mediaTypeOf(part.attachment.contentType);
    const media: Record<string, string> = { id: await upload(ctx, part.attachment) };
    if (part.caption) media.caption = part.caption;
    if (type === "document") media.filename = part.attachment.name;
    return post(ctx, to, { type, [type]: media });
  });
  return { sourceId: ids[0]! };
}
