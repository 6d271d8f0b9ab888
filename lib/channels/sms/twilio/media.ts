import "server-only";
import type { FetchedMedia } from "../../types";
import { PermanentDeliveryError } from "../../types";
import { downloadProviderFile } from "../../shared/download";
import type { TwilioConfig, TwilioSecrets } from "../schema";
import { accountPath, TWILIO, twilioAuth, twilioBase } from "./client";

/**
 * Downloads an MMS part from its MediaUrl. Only URLs on the Twilio API are fetched (the ref came
 * from a signed webhook, but the account's credentials must never travel anywhere else); Twilio
 * redirects to its CDN, which is fetched without them.
 */
export async function fetchTwilioMedia(config: TwilioConfig, secrets: TwilioSecrets, ref: string): Promise<FetchedMedia> {
  const base = new URL(twilioBase());
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw new PermanentDeliveryError("The media address Twilio sent is not a URL");
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(new URL(`${accountPath(config.accountSid)}/`).pathname)) {
    throw new PermanentDeliveryError("The media address is not one of this Twilio account's files");
  }
  return downloadProviderFile(TWILIO, { origin: base.origin, authorization: twilioAuth(config, secrets) }, url.toString());
}
