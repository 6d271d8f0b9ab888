import "server-only";
import type { Db } from "@/db/client";
import { ingestEvents } from "@/lib/conversations/ingest";
import { inboxContext } from "@/lib/inboxes/context";
import { findInboxByPublicId } from "@/lib/inboxes/queries";
import { appUrl } from "@/lib/env";
import { cleanInput, cleanText } from "@/lib/http/clean-text";
import { log } from "@/lib/log";
import { getAdapter } from "./registry";
import type { RawRequest, WebhookAnswer } from "./types";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type WebhookOutcome =
  | { status: 404 | 410 | 401 | 413; message: string }
  | { status: 400; message: string; issues: string[] }
  | WebhookAnswer;

/**
 * The webhook pipeline for every channel (docs/architecture.md): unknown/deleted inbox → 404/410;
 * signature → 401; parse → the adapter's choice (400 with the issues, or logged and acknowledged);
 * ingest → the adapter's answer.
 */
export async function receiveWebhook(db: Db, channel: string, publicId: string, req: Omit<RawRequest, "url">): Promise<WebhookOutcome> {
  const webhook = getAdapter(channel)?.webhook;
  const row = webhook ? await findInboxByPublicId(db, channel, cleanText(publicId)) : null;
  if (!webhook || !row) return { status: 404, message: "No inbox at this address" };
  if (row.deletedAt) return { status: 410, message: "This inbox has been deleted" };
  if (req.body.length > MAX_WEBHOOK_BYTES) return { status: 413, message: "Body too large" };
  const raw: RawRequest = { ...req, url: appUrl(`/api/webhooks/${channel}/${publicId}`) + (req.query.size ? `?${req.query}` : "") };
  const ctx = inboxContext(row);
  const verdict = webhook.verify(raw, ctx);
  if (!verdict.ok) return { status: 401, message: verdict.message };
  const parsed = webhook.parse(raw, ctx);
  if (!parsed.ok) {
    if (webhook.unparseable === "reject") return { status: 400, message: "The body does not match the expected shape", issues: parsed.issues };
    log.warn("webhook", `${channel} inbox ${row.id}: ignored an unparseable body (${parsed.issues.length} issue(s))`);
    return webhook.ack;
  }
  // Signature checked over the raw bytes above; NUL leaves the provider's text here, once (docs/architecture.md §6).
  return webhook.answer(await ingestEvents(db, row, cleanInput(parsed.events) as typeof parsed.events));
}

export type HandshakeOutcome = { status: 200 | 403 | 404 | 405 | 410; body: string };

/** GET on a webhook URL: the provider's subscription handshake (Meta `hub.challenge`). */
export async function receiveHandshake(db: Db, channel: string, publicId: string, query: URLSearchParams): Promise<HandshakeOutcome> {
  const webhook = getAdapter(channel)?.webhook;
  const row = webhook ? await findInboxByPublicId(db, channel, cleanText(publicId)) : null;
  if (!webhook || !row) return { status: 404, body: "No inbox at this address" };
  if (row.deletedAt) return { status: 410, body: "This inbox has been deleted" };
  if (!webhook.handshake) return { status: 405, body: "This webhook only accepts POST" };
  return webhook.handshake(query, inboxContext(row));
}
