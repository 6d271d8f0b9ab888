import "server-only";
import { z } from "zod";
import { providerFetch } from "../../shared/http";
import { sendInParts } from "../../shared/parts";
import { smsTextParts } from "../parts";
import type { InboxContext, OutboundMessage } from "../../types";
import { PermanentDeliveryError, TransientDeliveryError } from "../../types";
import type { TwilioConfig, TwilioSecrets } from "../schema";
import { accountPath, describeTwilioError, readTwilioError, TWILIO, twilioAuth } from "./client";
import { TWILIO_ERROR_WORDS } from "./errors";
import { TWILIO_MAX_MEDIA, TWILIO_MAX_MEDIA_BYTES, twilioMediaProblem } from "./outbound-media";

/** Codes that mean the inbox itself is misconfigured or its credentials no longer work. */
const CREDENTIAL_CODES = new Set([20003, 20404, 21606, 21212, 21659]);

const createdSchema = z.looseObject({ sid: z.string().min(1), status: z.string().optional() });

function recipientOf(message: OutboundMessage): string {
  const to = message.contact.sourceId ?? message.contact.phone;
  if (!to) throw new PermanentDeliveryError("This contact has no phone number to text");
  return to;
}

/** The files' signed links (Twilio fetches them), within what Twilio MMS takes (./media.ts). */
function mediaUrls(message: OutboundMessage): string[] {
  for (const a of message.attachments) {
    const problem = twilioMediaProblem(a);
    if (problem) throw new PermanentDeliveryError(`${a.name} — ${problem}`);
  }
  if (message.attachments.length > TWILIO_MAX_MEDIA) throw new PermanentDeliveryError(`A text message can carry at most ${TWILIO_MAX_MEDIA} files`);
  const total = message.attachments.reduce((n, a) => n + a.size, 0);
  if (total > TWILIO_MAX_MEDIA_BYTES) throw new PermanentDeliveryError("The files are larger than the 5 MB a text message can carry together");
  return message.attachments.map((a) => a.publicUrl);
}

type Part = { body?: string; media: string[] };

/**
 * The messages a reply becomes: the text in parts within Twilio's 1,600-character Body limit, the
 * images riding on the first. Derived from the stored reply only, so every attempt plans the same.
 */
export function planTwilioParts(content: string, media: string[]): Part[] {
  const texts = smsTextParts(content, "twilio");
  if (!texts.length) return media.length ? [{ media }] : [];
  return texts.map((body, i) => ({ body, media: i === 0 ? media : [] }));
}

/**
 * POST /Accounts/<sid>/Messages.json once per part, in order; status callbacks come back to this
 * inbox's webhook URL, each naming the part's sid and (in the URL) our reply. Returns the first sid.
 */
export async function sendTwilio(inbox: InboxContext<TwilioConfig, TwilioSecrets>, message: OutboundMessage): Promise<{ sourceId: string }> {
  const to = recipientOf(message);
  const plan = planTwilioParts(message.content, mediaUrls(message));
  if (!plan.length) throw new PermanentDeliveryError("There is nothing to send: the message is empty");
  const ids = await sendInParts(plan, message.progress, (part) => sendOne(inbox, message, to, part));
  return { sourceId: ids[0]! };
}

async function sendOne(inbox: InboxContext<TwilioConfig, TwilioSecrets>, message: OutboundMessage, to: string, part: Part): Promise<string> {
  const { config, secrets } = inbox;
  const form = new URLSearchParams();
  form.set("To", to);
  if (config.messagingServiceSid) form.set("MessagingServiceSid", config.messagingServiceSid);
  else form.set("From", config.phoneNumber!);
  if (part.body) form.set("Body", part.body);
  for (const url of part.media) form.append("MediaUrl", url);
  // Our id rides along so a status callback can find the reply even before Twilio's sid is stored.
  form.set("StatusCallback", `${inbox.webhookUrl}?message=${encodeURIComponent(message.id)}`);

  const res = await providerFetch(TWILIO, `${accountPath(config.accountSid)}/Messages.json`, {
    method: "POST",
    headers: { authorization: twilioAuth(config, secrets), "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
  });
  if (res.ok) {
    const created = createdSchema.safeParse(await res.json().catch(() => null));
    // Accepted but unreadable: retrying could text the customer twice, so this is final.
    if (!created.success) throw new PermanentDeliveryError("Twilio accepted the message but its answer could not be read");
    return created.data.sid;
  }
  const e = await readTwilioError(res);
  if (e.code === 20429) throw new TransientDeliveryError(`Twilio is rate limiting us: ${describeTwilioError(e)}`);
  if (res.status === 401 || res.status === 403 || (e.code !== undefined && CREDENTIAL_CODES.has(e.code))) {
    const words = e.code !== undefined && TWILIO_ERROR_WORDS[e.code] ? TWILIO_ERROR_WORDS[e.code]! : "Twilio refused the inbox's credentials";
    throw new PermanentDeliveryError(`${words}: ${describeTwilioError(e)}`, { credentials: true });
  }
  const known = e.code !== undefined ? TWILIO_ERROR_WORDS[e.code] : undefined;
  throw new PermanentDeliveryError(known ?? `Twilio refused the message: ${describeTwilioError(e)}`);
}
