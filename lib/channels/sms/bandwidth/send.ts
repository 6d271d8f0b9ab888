import "server-only";
import { z } from "zod";
import { providerFetch } from "../../shared/http";
import { sendInParts } from "../../shared/parts";
import { smsTextParts } from "../parts";
import type { InboxContext, OutboundMessage } from "../../types";
import { PermanentDeliveryError } from "../../types";
import type { BandwidthConfig, BandwidthSecrets } from "../schema";
import { BANDWIDTH, bandwidthAuth, readBandwidthError, userPath } from "./client";

/** Bandwidth MMS: media by URL (Bandwidth fetches it), 3.5 MB together at most. */
const MAX_MEDIA = 10;
const MAX_MEDIA_BYTES = 3.5 * 1024 * 1024;

const acceptedSchema = z.looseObject({ id: z.string().min(1) });

function mediaUrls(message: OutboundMessage): string[] {
  if (message.attachments.length > MAX_MEDIA) throw new PermanentDeliveryError(`A text message can carry at most ${MAX_MEDIA} files`);
  const total = message.attachments.reduce((n, a) => n + a.size, 0);
  if (total > MAX_MEDIA_BYTES) throw new PermanentDeliveryError("The files are larger than the 3.5 MB a text message can carry together");
  return message.attachments.map((a) => a.publicUrl);
}

type Part = { text?: string; media: string[] };

/**
 * The messages a reply becomes: the text in parts within Bandwidth's 2,048-character `text` limit,
 * the media riding on the first. Derived from the stored reply only, so every attempt plans the same.
 */
export function planBandwidthParts(content: string, media: string[]): Part[] {
  const texts = smsTextParts(content, "bandwidth");
  if (!texts.length) return media.length ? [{ media }] : [];
  return texts.map((text, i) => ({ text, media: i === 0 ? media : [] }));
}

/**
 * POST /users/<accountId>/messages → 202 {id} once per part, in order; delivery reports come to the
 * application's callback URL, each with the part's id and our reply's id as `tag`. Returns the first id.
 */
export async function sendBandwidth(
  inbox: InboxContext<BandwidthConfig, BandwidthSecrets>,
  message: OutboundMessage,
): Promise<{ sourceId: string }> {
  const to = message.contact.sourceId ?? message.contact.phone;
  if (!to) throw new PermanentDeliveryError("This contact has no phone number to text");
  const plan = planBandwidthParts(message.content, mediaUrls(message));
  if (!plan.length) throw new PermanentDeliveryError("There is nothing to send: the message is empty");
  const ids = await sendInParts(plan, message.progress, (part) => sendOne(inbox, message, to, part));
  return { sourceId: ids[0]! };
}

async function sendOne(inbox: InboxContext<BandwidthConfig, BandwidthSecrets>, message: OutboundMessage, to: string, part: Part): Promise<string> {
  const { config, secrets } = inbox;
  const body = {
    applicationId: config.applicationId,
    to: [to],
    from: config.phoneNumber,
    text: part.text ?? "",
    ...(part.media.length ? { media: part.media } : {}),
    // Ours, echoed in delivery callbacks: ties a report to the message even without its id.
    tag: message.id,
  };

  const res = await providerFetch(BANDWIDTH, `${userPath(config.accountId)}/messages`, {
    method: "POST",
    headers: { authorization: bandwidthAuth(secrets), "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (res.ok) {
    const accepted = acceptedSchema.safeParse(await res.json().catch(() => null));
    // Accepted but unreadable: retrying could text the customer twice, so this is final.
    if (!accepted.success) throw new PermanentDeliveryError("Bandwidth accepted the message but its answer could not be read");
    return accepted.data.id;
  }
  const words = await readBandwidthError(res);
  if (res.status === 401 || res.status === 403) {
    throw new PermanentDeliveryError(`Bandwidth refused the inbox's API credentials: ${words}`, { credentials: true });
  }
  if (res.status === 404) throw new PermanentDeliveryError(`Bandwidth does not know this inbox's account or application: ${words}`, { credentials: true });
  throw new PermanentDeliveryError(`Bandwidth refused the message: ${words}`);
}
