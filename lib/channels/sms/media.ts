import "server-only";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/types";
import { providerFetch, readBodyLimited } from "../shared/provider-http";
import type { FetchedMedia, InboundMedia } from "../types";
import { PermanentDeliveryError } from "../types";

/** What MMS parts become in the thread: the kind follows the MIME type the provider reports. */
export function mediaKind(contentType: string | undefined): InboundMedia["kind"] {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  return "file";
}

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/heic": "heic",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/amr": "amr",
  "audio/ogg": "ogg",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "video/quicktime": "mov",
  "text/vcard": "vcf",
  "text/x-vcard": "vcf",
  "text/plain": "txt",
  "application/pdf": "pdf",
};

const BY_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));
BY_EXTENSION.jpeg = "image/jpeg";

/** A readable file name for an MMS part that came without one ("MMS 1.jpg"). */
export function mediaName(index: number, contentType: string | undefined): string {
  const ext = contentType ? EXTENSIONS[contentType.toLowerCase().split(";")[0]!.trim()] : undefined;
  return ext ? `MMS ${index + 1}.${ext}` : `MMS ${index + 1}`;
}

/** The MIME type implied by a URL's file extension (Bandwidth media URLs end with the file name). */
export function typeFromUrl(url: string): string | undefined {
  const ext = /\.([a-z0-9]{2,5})$/i.exec(new URL(url, "http://x").pathname)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

const MAX_REDIRECTS = 3;

/**
 * Downloads a provider-held file. The provider's credentials go only to the provider's own
 * origin: Twilio answers media URLs with a redirect to its CDN, which must not receive them.
 * Redirect targets elsewhere are fetched like any other URL from the outside (public addresses only).
 */
export async function downloadProviderFile(
  provider: string,
  url: string,
  auth: { origin: string; authorization: string },
): Promise<FetchedMedia> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const own = current.origin === auth.origin;
    const res = await providerFetch(provider, current.toString(), {
      headers: own ? { authorization: auth.authorization } : {},
      timeoutMs: 60_000,
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
    const contentType = res.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
    return { bytes, contentType };
  }
  throw new Error(`${provider} redirected the media download more than ${MAX_REDIRECTS} times`);
}
