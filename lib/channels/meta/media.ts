import "server-only";
import { MAX_INBOUND_MEDIA_BYTES } from "@/lib/attachments/types";
import { assertPublicUrl, UnsafeUrlError } from "@/lib/http/safe-fetch";
import { readBodyLimited } from "../shared/download";
import { bearer, providerFetch, TIMEOUTS } from "../shared/http";
import { contentTypeOf } from "../shared/media-types";
import { PermanentDeliveryError, type FetchedMedia } from "../types";

/** The file name at the end of a URL's path, if it looks like one (CDN URLs often end in `name.jpg`). */
function nameFromUrl(url: URL): string | undefined {
  const last = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return /^[^/\\]{1,200}\.[a-z0-9]{2,5}$/i.test(last) ? last : undefined;
}

/**
 * Downloads a file at a URL Meta handed us (a webhook attachment's CDN link, a profile picture,
 * a WhatsApp media URL). These URLs come from outside, so they must resolve to public addresses
 * (docs/architecture.md) unless KONVERSIO_ALLOW_PRIVATE_URLS is set; the size is bounded by the attachment limit.
 */
export async function downloadMetaFile(
  provider: string,
  raw: string,
  opts: { bearer?: string; maxBytes?: number } = {},
): Promise<FetchedMedia> {
  let url: URL;
  try {
    url = await assertPublicUrl(raw);
  } catch (e) {
    if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`${provider} gave a file address Konversio refuses to fetch: ${e.message}`);
    throw e;
  }
  const res = await providerFetch(provider, url.toString(), {
    headers: opts.bearer ? bearer(opts.bearer) : {},
    timeoutMs: TIMEOUTS.transfer,
    publicOnly: true,
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    // A 4xx here means the link expired or the file is gone: retrying will not bring it back.
    throw new PermanentDeliveryError(`${provider} no longer has this file (HTTP ${res.status}); links to customers' files expire after a while`);
  }
  const bytes = await readBodyLimited(res, opts.maxBytes ?? MAX_INBOUND_MEDIA_BYTES);
  return { bytes, contentType: contentTypeOf(res), name: nameFromUrl(url) };
}
