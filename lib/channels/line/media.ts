import "server-only";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/types";
import { readBodyLimited } from "../shared/download";
import { isTransientStatus } from "../shared/errors";
import { bearer, providerRequest, TIMEOUTS } from "../shared/http";
import { contentTypeOf, extensionOf } from "../shared/media-types";
import { PermanentDeliveryError, TransientDeliveryError, type FetchedMedia } from "../types";
import { dataBase, lineFetch } from "./client";
import { jobFailure } from "./errors";

/** LINE names nothing but files; give the others a name an agent can save. */
function nameFor(ref: string, contentType: string | undefined): string | undefined {
  const ext = extensionOf(contentType);
  const kind = contentType?.split("/")[0];
  return ext && kind ? `line-${kind}-${ref}.${ext}` : undefined;
}

/** Externally hosted content (`contentProvider.type: "external"`): a URL from the payload, public addresses only. */
async function fetchExternal(url: string): Promise<FetchedMedia> {
  const res = await providerRequest("The file's host", url, { publicOnly: true, timeoutMs: 30_000 });
  if (!res.ok) {
    if (isTransientStatus(res.status)) throw new TransientDeliveryError(`The file's host answered HTTP ${res.status}`);
    throw new PermanentDeliveryError(`The file's host answered HTTP ${res.status}`);
  }
  return { bytes: await readBodyLimited(res, MAX_ATTACHMENT_BYTES), contentType: contentTypeOf(res) };
}

/**
 * Downloads one media ref from parseLineWebhook: a LINE message id (content endpoint on the data
 * host, with the channel token) or the URL of externally hosted content.
 */
export async function fetchLineMedia(token: string, ref: string): Promise<FetchedMedia> {
  if (/^https?:\/\//i.test(ref)) return fetchExternal(ref);
  if (!/^\d{1,32}$/.test(ref)) throw new PermanentDeliveryError("Not a LINE message id");
  const res = await lineFetch(`${dataBase()}/v2/bot/message/${ref}/content`, { headers: bearer(token), timeoutMs: TIMEOUTS.transfer });
  // 202: LINE is still transcoding a video or audio message; it will be there shortly.
  if (res.status === 202) throw new TransientDeliveryError("LINE is still preparing this file", { retryAfterSeconds: 10 });
  if (!res.ok) await jobFailure(res, "downloading a file");
  const contentType = contentTypeOf(res);
  return { bytes: await readBodyLimited(res, MAX_ATTACHMENT_BYTES), contentType, name: nameFor(ref, contentType) };
}
