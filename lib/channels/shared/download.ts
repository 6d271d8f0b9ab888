import "server-only";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/types";
import { PermanentDeliveryError, type FetchedMedia } from "../types";
import { providerFetch, TIMEOUTS } from "./http";
import { contentTypeOf } from "./media-types";

export class MediaTooLargeError extends Error {
  constructor(size: number, max: number) {
    super(`The file is larger than ${Math.round(max / (1024 * 1024))} MB (${Math.round(size / (1024 * 1024))} MB or more) and was not downloaded`);
  }
}

/** Reads a body up to `maxBytes`, refusing larger ones without buffering them whole. */
export async function readBodyLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new MediaTooLargeError(declared, maxBytes);
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new MediaTooLargeError(total, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const MAX_REDIRECTS = 3;

/**
 * Downloads a provider-held file. The provider's credentials go only to the provider's own
 * origin: Twilio answers media URLs with a redirect to its CDN, which must not receive them.
 * Redirect targets elsewhere are fetched like any other URL from the outside (public addresses only).
 */
export async function downloadProviderFile(
  provider: string,
  auth: { origin: string; authorization: string },
  url: string,
): Promise<FetchedMedia> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const own = current.origin === auth.origin;
    const res = await providerFetch(provider, current.toString(), {
      headers: own ? { authorization: auth.authorization } : {},
      timeoutMs: TIMEOUTS.transfer,
      publicOnly: !own,
    });
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get("location");
      await res.body?.cancel();
      if (!location) throw new Error(`${provider} redirected the media download without a location`);
      current = new URL(location, current);
      if (current.protocol !== "https:" && current.protocol !== "http:") throw new Error(`${provider} redirected the media download to ${current.protocol}`);
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new PermanentDeliveryError(`${provider} refused the media download (HTTP ${res.status}): check the inbox's credentials`, { credentials: true });
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw new PermanentDeliveryError(`${provider} no longer has this file (it may have been deleted)`);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => "")).slice(0, 200);
      throw new PermanentDeliveryError(`${provider} refused the media download (HTTP ${res.status})${text ? `: ${text}` : ""}`);
    }
    const bytes = await readBodyLimited(res, MAX_ATTACHMENT_BYTES);
    return { bytes, contentType: contentTypeOf(res) };
  }
  throw new Error(`${provider} redirected the media download more than ${MAX_REDIRECTS} times`);
}
