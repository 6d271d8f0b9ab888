import "server-only";
import type { Db } from "@/db/client";
import { ingestEvents } from "@/lib/conversations/ingest";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxByPublicId } from "@/lib/inboxes/queries";
import { appUrl } from "@/lib/env";
import { getAdapter } from "./registry";
import type { RawRequest } from "./types";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type WebhookOutcome =
  | { status: 404 | 410 | 401 | 413; message: string }
  | { status: 400; message: string; issues: string[] }
  | { status: 200 | 201; body: unknown; raw?: { contentType: string; body: string } };

/**
 * The webhook pipeline for every channel (DESIGN §9): unknown/deleted inbox → 404/410;
 * signature → 401; parse → 400 (api) or 200 (providers, who would only redeliver); ingest.
 */
export async function receiveWebhook(db: Db, channel: string, publicId: string, req: Omit<RawRequest, "url">): Promise<WebhookOutcome> {
  const adapter = getAdapter(channel);
  const row = adapter ? await findInboxByPublicId(db, channel, publicId) : null;
  if (!adapter || adapter.usesWebhook === false || !row) return { status: 404, message: "No inbox at this address" };
  if (row.deletedAt) return { status: 410, message: "This inbox has been deleted" };
  if (req.body.length > MAX_WEBHOOK_BYTES) return { status: 413, message: "Body too large" };
  const raw: RawRequest = { ...req, url: appUrl(`/api/webhooks/${channel}/${publicId}`) + (req.query.size ? `?${req.query}` : "") };
  const ctx = inboxContext(row);
  const verdict = adapter.verifyRequest(raw, ctx);
  if (!verdict.ok) return { status: 401, message: verdict.message };
  const parsed = adapter.parseInbound(raw, ctx);
  if (!parsed.ok) {
    if (channel === "api") return { status: 400, message: "The body does not match the expected shape", issues: parsed.issues };
    console.warn(`[webhook] ${channel} inbox ${row.id}: ignored unparseable body: ${parsed.issues.join("; ")}`);
    return { status: 200, body: { ok: true }, raw: adapter.ack };
  }
  const results = await ingestEvents(db, row, parsed.events);
  if (channel === "api") {
    const first = results[0];
    if (!first) return { status: 200, body: {} };
    return { status: first.created ? 201 : 200, body: { conversationId: first.conversationId, messageId: first.messageId } };
  }
  return { status: 200, body: { ok: true }, raw: adapter.ack };
}

export type HandshakeOutcome = { status: 200 | 403 | 404 | 405 | 410; body: string };

/** GET on a webhook URL: the provider's subscription handshake (Meta `hub.challenge`). */
export async function receiveHandshake(db: Db, channel: string, publicId: string, query: URLSearchParams): Promise<HandshakeOutcome> {
  const adapter = getAdapter(channel);
  const row = adapter ? await findInboxByPublicId(db, channel, publicId) : null;
  if (!adapter || adapter.usesWebhook === false || !row) return { status: 404, body: "No inbox at this address" };
  if (row.deletedAt) return { status: 410, body: "This inbox has been deleted" };
  if (!adapter.handshake) return { status: 405, body: "This webhook only accepts POST" };
  return adapter.handshake(query, inboxContext(row));
}
