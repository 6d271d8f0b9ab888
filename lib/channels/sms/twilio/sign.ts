import { createHmac } from "node:crypto";

/*
 * Twilio's request signature (no "server-only" here: the e2e helpers sign test webhooks with it).
 * X-Twilio-Signature = base64(HMAC-SHA1(authToken, url + every POST parameter sorted by name,
 * each as name + value)), where url is exactly the URL Twilio called, query string included.
 */

export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";

export function twilioSignature(authToken: string, url: string, params: URLSearchParams | Iterable<[string, string]>): string {
  const pairs = [...params];
  // Sorted by name; repeated names (rare) by value, so the order they arrived in does not matter.
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const mac = createHmac("sha1", authToken);
  mac.update(url, "utf8");
  for (const [name, value] of pairs) mac.update(name + value, "utf8");
  return mac.digest("base64");
}
