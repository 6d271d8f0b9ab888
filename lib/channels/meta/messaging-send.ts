import "server-only";
import { z } from "zod";
import { PermanentDeliveryError, TransientDeliveryError, type OutboundMessage } from "../types";
import { GraphError, isCredentialProblem, isRateLimit, isTemporary } from "./errors";
import { graphCall, type GraphAuth } from "./client";
import type { MessagingSpec } from "./messaging-spec";
import { splitText, splitUtf8 } from "./text";
import { mediaKindOf } from "../shared/media-types";
import { sendInParts } from "../shared/parts";

const sentSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string().min(1) }).loose();

/** Subcodes meaning the person cannot be reached (blocked the Page, deactivated, restricted messages). */
const UNAVAILABLE_SUBCODES = new Set([2018001, 1545041, 2018108, 2534014]);

export const windowClosed = (spec: MessagingSpec) =>
  `More than 24 hours have passed since the customer last wrote, so ${spec.provider} no longer allows a reply until they write again.`;

/** Meta's refusal of a Messenger/Instagram send, as the delivery job needs it: retry, or fail with plain words. */
export function classifyMessagingError(e: unknown, spec: MessagingSpec): Error {
  if (!(e instanceof GraphError)) return e instanceof Error ? e : new Error(String(e));
  if (isRateLimit(e)) return new TransientDeliveryError(`${spec.provider} is rate limiting this account: ${e.message}`, { retryAfterSeconds: e.retryAfterSeconds ?? 60 });
  if (isTemporary(e)) return new TransientDeliveryError(`${spec.provider} had a temporary problem: ${e.message}`, { retryAfterSeconds: e.retryAfterSeconds });
  if (e.code === 10 && e.subcode !== undefined && spec.windowSubcodes.includes(e.subcode)) return new PermanentDeliveryError(windowClosed(spec));
  if (e.code === 551 || (e.subcode !== undefined && UNAVAILABLE_SUBCODES.has(e.subcode))) {
    return new PermanentDeliveryError(
      `This person isn't available on ${spec.provider} right now: they may have blocked you, deleted their account or turned off messages.`,
    );
  }
  if (isCredentialProblem(e) || e.code === 10) {
    return new PermanentDeliveryError(`Meta rejected this inbox's access token: ${e.message}. Enter a valid token on the inbox's Configuration tab.`, {
      credentials: true,
    });
  }
  return new PermanentDeliveryError(`${spec.provider} refused this message: ${e.message}`);
}

/**
 * Sends a reply: the text (split at the provider's limit), then one message per attachment.
 * Meta fetches attachments from their signed public link, so the app must be reachable from the
 * internet (APP_URL). Returns the first message id, whose receipts drive the ticks.
 */
export async function sendMessaging(spec: MessagingSpec, auth: GraphAuth, accountId: string, message: OutboundMessage): Promise<{ sourceId: string }> {
  const recipient = message.contact.sourceId;
  if (!recipient) throw new PermanentDeliveryError(`This conversation has no ${spec.provider} user to reply to.`);
  const post = async (payload: Record<string, unknown>) => {
    const body = { recipient: { id: recipient }, ...(spec.messagingType ? { messaging_type: "RESPONSE" } : {}), message: payload };
    try {
      const res = await graphCall(spec.provider, auth, { host: spec.host, method: "POST", path: `${accountId}/messages`, json: body }, sentSchema);
      return res.message_id;
    } catch (e) {
      throw classifyMessagingError(e, spec);
    }
  };
  const text = message.content.trim();
  const { max, unit } = spec.textLimit;
  const plan: Record<string, unknown>[] = [
    ...(unit === "utf8Bytes" ? splitUtf8(text, max) : splitText(text, max)).map((text) => ({ text })),
    ...message.attachments.map((a) => ({ attachment: { type: mediaKindOf(a.contentType), payload: { url: a.publicUrl, is_reusable: false } } })),
  ];
  if (!plan.length) throw new PermanentDeliveryError("There is nothing to send: the reply is empty.");
  const ids = await sendInParts(plan, message.progress, post);
  return { sourceId: ids[0]! };
}
