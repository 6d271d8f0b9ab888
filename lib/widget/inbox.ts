import "server-only";
import type { DbOrTx } from "@/db/client";
import { websiteInputSchema, type WebsiteConfig } from "@/lib/channels/website/schema";
import { WIDGET_DEFAULTS } from "@/lib/channels/website/defaults";
import { gone, notFound } from "@/lib/errors";
import { inboxContext, type InboxRow } from "@/lib/inboxes/context";
import { findInboxByPublicId } from "@/lib/inboxes/queries";
import { hmacHex } from "@/lib/security/crypto";
import { cleanText } from "@/lib/http/clean-text";
import { isOpen, nextOpening, readBusinessHours } from "@/lib/inboxes/business-hours";
import type { BusinessHours } from "@/lib/inboxes/business-hours.schema";

export type WidgetOptions = Omit<WebsiteConfig, "websiteUrl">;

export type WidgetInbox = {
  id: string;
  name: string;
  publicId: string;
  /** The widget's options, read from the inbox's `config` (not `inboxes.settings`, which holds routing settings). */
  widget: WidgetOptions;
  /** Verifies `identifierHash`; present on every live website inbox. */
  hmacToken: string;
  /** Null: always open. */
  businessHours: BusinessHours | null;
};

/**
 * Stored config was parsed on save, but read it field by field so one odd value (an older
 * shape, a hand edit) falls back to its default instead of breaking every visitor's widget.
 */
export function widgetOptions(raw: Record<string, unknown>): WidgetOptions {
  const shape = websiteInputSchema.shape;
  const field = <K extends keyof WidgetOptions>(k: K): WidgetOptions[K] => {
    const r = shape[k].safeParse(raw[k]);
    return (r.success ? r.data : k === "allowedDomains" ? [] : WIDGET_DEFAULTS[k as keyof typeof WIDGET_DEFAULTS]) as WidgetOptions[K];
  };
  return {
    widgetColor: field("widgetColor"),
    welcomeTitle: field("welcomeTitle"),
    welcomeTagline: field("welcomeTagline"),
    replyTime: field("replyTime"),
    allowedDomains: field("allowedDomains"),
    requireIdentity: field("requireIdentity"),
    position: field("position"),
    preChatEmail: field("preChatEmail"),
  };
}

export function toWidgetInbox(row: InboxRow): WidgetInbox {
  return {
    id: row.id,
    name: row.name,
    publicId: row.publicId,
    widget: widgetOptions(row.config),
    hmacToken: String(inboxContext(row).generated.hmacToken ?? ""),
    businessHours: readBusinessHours(row.businessHours),
  };
}

/** The website inbox behind a website token: unknown (or another channel's id) → 404, deleted → 410. */
export async function loadWidgetInbox(db: DbOrTx, websiteToken: string | null | undefined): Promise<WidgetInbox> {
  // The token is input like any other (the query, the chat page's path): NUL stripped, docs/architecture.md §6.7.
  const token = websiteToken ? cleanText(websiteToken) : "";
  const row = token ? await findInboxByPublicId(db, "website", token) : null;
  if (!row) throw notFound("No website inbox has this token");
  if (row.deletedAt) throw gone("This chat is no longer available");
  return toWidgetInbox(row);
}

/**
 * While the inbox is closed: when it opens again (an instant; the visitor's browser shows it in
 * their own time), or null when no opening is scheduled. Null while open.
 */
function awayState(hours: BusinessHours | null, now: Date): { until: string | null } | null {
  if (isOpen(hours, now)) return null;
  return { until: nextOpening(hours, now)?.toISOString() ?? null };
}

/** What the loader and the chat page need to draw the widget (no secrets, no allowed-domain list). */
export function publicWidgetConfig(inbox: WidgetInbox, now = new Date()) {
  const s = inbox.widget;
  return {
    name: inbox.name,
    widgetColor: s.widgetColor,
    welcomeTitle: s.welcomeTitle,
    welcomeTagline: s.welcomeTagline,
    replyTime: s.replyTime,
    away: awayState(inbox.businessHours, now),
    requireIdentity: s.requireIdentity,
    position: s.position,
    preChatEmail: s.preChatEmail,
  };
}

/**
 * Binds verified visitor tokens to the HMAC token they were proven with: regenerating the token
 * (it leaked) signs every verified visitor out at once.
 */
export const hmacFingerprint = (hmacToken: string) => hmacHex("sha256", hmacToken, "konversio-widget-identity").slice(0, 16);
