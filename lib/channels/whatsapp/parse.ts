import "server-only";
import type { ZodType } from "zod";
import { locationText } from "../meta/text";
import type { InboundEvent, InboundMedia, ParseResult, RawRequest } from "../types";
import { whatsappReason } from "./errors";
import { log } from "@/lib/log";
import { waContactSchema, waMessageSchema, waStatusSchema, waValueSchema, waWebhookSchema, type WaContact, type WaMessage, type WaStatus } from "./schema";

const issuesOf = (e: { issues: { path: PropertyKey[]; message: string }[] }) => e.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

const MEDIA_KINDS = { image: "image", audio: "audio", video: "video", document: "file", sticker: "sticker" } as const;

function contactCardText(cards: NonNullable<WaMessage["contacts"]>): string {
  const lines = cards.map((c) => {
    const name = c.name?.formatted_name || [c.name?.first_name, c.name?.last_name].filter(Boolean).join(" ") || "Unnamed contact";
    const phones = (c.phones ?? []).map((p) => p.phone).filter(Boolean);
    const emails = (c.emails ?? []).map((e) => e.email).filter(Boolean);
    return [name, c.org?.company, ...phones, ...emails].filter(Boolean).join(" · ");
  });
  return `👤 Shared ${cards.length === 1 ? "a contact" : `${cards.length} contacts`}:\n${lines.join("\n")}`;
}

/**
 * What an incoming WhatsApp message becomes in the thread. Returns null for messages that carry
 * nothing for an agent (a removed reaction, WhatsApp's own system notices).
 */
function contentOf(m: WaMessage): { content: string; media: InboundMedia[] } | null {
  const none: InboundMedia[] = [];
  switch (m.type) {
    case "text":
      return { content: m.text?.body ?? "", media: none };
    case "image":
    case "audio":
    case "video":
    case "document":
    case "sticker": {
      const file = m[m.type];
      if (!file) return { content: `The customer sent a ${m.type} that WhatsApp did not include.`, media: none };
      return {
        content: file.caption ?? "",
        media: [{ ref: file.id, kind: MEDIA_KINDS[m.type], contentType: file.mime_type, name: file.filename }],
      };
    }
    case "location":
      return m.location ? { content: locationText(m.location), media: none } : null;
    case "contacts":
      return m.contacts?.length ? { content: contactCardText(m.contacts), media: none } : null;
    case "interactive": {
      const i = m.interactive;
      const title = i?.button_reply?.title ?? i?.list_reply?.title ?? i?.nfm_reply?.body;
      return { content: title ?? "The customer answered an interactive message.", media: none };
    }
    case "button":
      return { content: m.button?.text ?? "", media: none };
    case "reaction":
      // A reaction is often the customer's whole answer ("👍" to "Shall I book it?"), so it is shown
      // as a short line. An empty emoji means the reaction was removed: nothing to show.
      return m.reaction?.emoji ? { content: `Reacted ${m.reaction.emoji} to a message`, media: none } : null;
    case "order":
      return { content: `🛒 Sent an order (${m.order?.product_items?.length ?? 0} items). Open WhatsApp Business to see it.`, media: none };
    case "system":
    case "ephemeral":
      return null;
    default:
      return { content: `The customer sent a kind of message (${m.type}) that Konversio cannot show. Ask them to send it as text or a file.`, media: none };
  }
}

const STATUSES = new Set(["sent", "delivered", "read", "failed"]);

function statusEvent(s: WaStatus): InboundEvent | null {
  if (!STATUSES.has(s.status)) return null;
  const status = s.status as "sent" | "delivered" | "read" | "failed";
  if (status !== "failed") return { type: "status", sourceId: s.id, status };
  const err = s.errors?.[0];
  const error = whatsappReason(err?.code, { title: err?.title, message: err?.message, details: err?.error_data?.details });
  return { type: "status", sourceId: s.id, status, error };
}

/** The entries of one array that match `schema`; each one that does not is logged and dropped alone. */
function each<T>(items: unknown[] | undefined, schema: ZodType<T>, what: string): T[] {
  const out: T[] = [];
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else log.warn("whatsapp", `a ${what} entry Konversio cannot read was skipped: ${issuesOf(parsed.error).join("; ").slice(0, 200)}`);
  }
  return out;
}

/**
 * Who wrote: by phone number when WhatsApp shares it, else by the business-scoped user id (BSUID)
 * of a user who adopted a username. With both, the BSUID comes along as an alias, so a later
 * message that carries only the BSUID still finds this customer's conversation (and the reverse).
 */
function senderOf(m: WaMessage, contacts: WaContact[]) {
  const card =
    contacts.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const phone = m.from ?? card?.wa_id;
  const bsuid = m.from_user_id ?? card?.user_id;
  const name = card?.profile?.name || card?.profile?.username || undefined;
  if (phone) return { sourceId: phone, aliasSourceId: bsuid && bsuid !== phone ? bsuid : undefined, name, phone: `+${phone.replace(/^\+/, "")}` };
  if (bsuid) return { sourceId: bsuid, name };
  return null;
}

/**
 * Parses a WhatsApp webhook into messages and delivery statuses for the inbox's phone number.
 * Changes for another number (one app can serve several) and fields other than `messages`
 * are acknowledged and ignored.
 */
export function parseWhatsapp(req: RawRequest, phoneNumberId: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString("utf8"));
  } catch {
    return { ok: false, issues: ["Body is not valid JSON"] };
  }
  const body = waWebhookSchema.safeParse(json);
  if (!body.success) return { ok: false, issues: issuesOf(body.error) };
  if (body.data.object !== "whatsapp_business_account") return { ok: true, events: [] };

  const events: InboundEvent[] = [];
  for (const entry of body.data.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== "messages") continue;
      const value = waValueSchema.safeParse(change.value);
      if (!value.success) return { ok: false, issues: issuesOf(value.error) };
      const v = value.data;
      if (v.metadata.phone_number_id !== phoneNumberId) continue;
      const contacts = each(v.contacts, waContactSchema, "contact");
      for (const m of each(v.messages, waMessageSchema, "message")) {
        const shown = contentOf(m);
        if (!shown) continue;
        const sender = senderOf(m, contacts);
        if (!sender) {
          log.warn("whatsapp", `message ${m.id} names no sender (neither a phone number nor a business-scoped user id); skipped`);
          continue;
        }
        const seconds = Number(m.timestamp);
        events.push({
          type: "message",
          contact: sender,
          message: {
            sourceId: m.id,
            content: shown.content,
            media: shown.media.length ? shown.media : undefined,
            createdAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined,
          },
        });
      }
      for (const s of each(v.statuses, waStatusSchema, "status")) {
        const e = statusEvent(s);
        if (e) events.push(e);
      }
    }
  }
  return { ok: true, events };
}
