import "server-only";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/types";
import { safeFetch, UnsafeUrlError } from "@/lib/http/safe-fetch";
import { readBodyLimited, parseRetryAfter } from "../shared/provider-http";
import { PermanentDeliveryError, TransientDeliveryError, type ContactProfile, type FetchedMedia } from "../types";
import { apiBase, bearer, dataBase, describe, isServerTrouble, lineFetch, readLineError } from "./client";
import { profileSchema } from "./schema";

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "audio/mp4": "m4a",
  "audio/x-m4a": "m4a",
  "audio/aac": "aac",
  "audio/mpeg": "mp3",
};

const mime = (res: Response) => res.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;

/** LINE names nothing but files; give the others a name an agent can save. */
function nameFor(ref: string, contentType: string | undefined): string | undefined {
  const ext = contentType ? EXTENSIONS[contentType] : undefined;
  const kind = contentType?.split("/")[0];
  return ext && kind ? `line-${kind}-${ref}.${ext}` : undefined;
}

/** A failed LINE call made from a job: credentials and missing content are final, the rest retried. */
async function failure(res: Response, what: string): Promise<never> {
  const err = await readLineError(res);
  const said = `LINE said: ${describe(err)}`;
  if (res.status === 401) throw new PermanentDeliveryError(`LINE rejected the channel access token while ${what}. ${said}`, { credentials: true });
  if (isServerTrouble(res.status) || res.status === 429) {
    throw new TransientDeliveryError(`LINE answered HTTP ${res.status} while ${what}. ${said}`, { retryAfterSeconds: parseRetryAfter(res.headers.get("retry-after")) });
  }
  if (res.status === 404) throw new PermanentDeliveryError(`LINE no longer holds this file (it keeps message content only for a while). ${said}`);
  throw new PermanentDeliveryError(`LINE refused ${what}. ${said}`);
}

/**
 * Downloads one media ref from parseLineWebhook: a LINE message id (content endpoint on the data
 * host, with the channel token) or the URL of externally hosted content (public addresses only).
 */
export async function fetchLineMedia(ref: string, token: string): Promise<FetchedMedia> {
  if (/^https?:\/\//i.test(ref)) {
    let res: Response;
    try {
      res = await safeFetch(ref, { timeoutMs: 30_000 });
    } catch (e) {
      if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`The file's address was refused: ${e.message}`);
      throw new TransientDeliveryError(`The file could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!res.ok) {
      if (res.status >= 500 || res.status === 429) throw new TransientDeliveryError(`The file's host answered HTTP ${res.status}`);
      throw new PermanentDeliveryError(`The file's host answered HTTP ${res.status}`);
    }
    return { bytes: await readBodyLimited(res, MAX_ATTACHMENT_BYTES), contentType: mime(res) };
  }
  if (!/^\d{1,32}$/.test(ref)) throw new PermanentDeliveryError("Not a LINE message id");
  const res = await lineFetch(`${dataBase()}/v2/bot/message/${ref}/content`, { headers: bearer(token), timeoutMs: 60_000 });
  // 202: LINE is still transcoding a video or audio message; it will be there shortly.
  if (res.status === 202) throw new TransientDeliveryError("LINE is still preparing this file", { retryAfterSeconds: 10 });
  if (!res.ok) await failure(res, "downloading a file");
  const contentType = mime(res);
  return { bytes: await readBodyLimited(res, MAX_ATTACHMENT_BYTES), contentType, name: nameFor(ref, contentType) };
}

/**
 * The contact's LINE display name and picture. LINE answers 404 when the user has not added the
 * account as a friend, blocked it, or did not consent: that is "no profile", not an error. A
 * picture that cannot be fetched leaves the name alone.
 */
export async function fetchLineProfile(userId: string, token: string): Promise<ContactProfile | null> {
  const res = await lineFetch(`${apiBase()}/v2/bot/profile/${encodeURIComponent(userId)}`, { headers: bearer(token) });
  if (res.status === 404) return null;
  if (!res.ok) await failure(res, "reading the contact's profile");
  const parsed = profileSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) return null;
  const profile: ContactProfile = parsed.data.displayName ? { name: parsed.data.displayName } : {};
  if (parsed.data.pictureUrl) {
    try {
      // The picture lives on LINE's CDN, named by the payload: fetched like any untrusted URL.
      const pic = await safeFetch(parsed.data.pictureUrl, { timeoutMs: 15_000 });
      const contentType = mime(pic);
      if (pic.ok && contentType?.startsWith("image/")) {
        profile.avatar = { bytes: await readBodyLimited(pic, 5 * 1024 * 1024), contentType };
      }
    } catch (e) {
      console.warn(`[line] profile picture of ${userId} not downloaded: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return profile;
}
