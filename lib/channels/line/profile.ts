import "server-only";
import { readBodyLimited } from "../shared/download";
import { bearer, providerRequest } from "../shared/http";
import { contentTypeOf } from "../shared/media-types";
import type { ContactProfile } from "../types";
import { apiBase, lineFetch } from "./client";
import { jobFailure } from "./errors";
import { profileSchema } from "./schema";
import { log } from "@/lib/log";

/**
 * The contact's LINE display name and picture. LINE answers 404 when the user has not added the
 * account as a friend, blocked it, or did not consent: that is "no profile", not an error. A
 * picture that cannot be fetched leaves the name alone.
 */
export async function fetchLineProfile(token: string, userId: string): Promise<ContactProfile | null> {
  const res = await lineFetch(`${apiBase()}/v2/bot/profile/${encodeURIComponent(userId)}`, { headers: bearer(token) });
  if (res.status === 404) return null;
  if (!res.ok) await jobFailure(res, "reading the contact's profile");
  const parsed = profileSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) return null;
  const profile: ContactProfile = parsed.data.displayName ? { name: parsed.data.displayName } : {};
  if (parsed.data.pictureUrl) {
    try {
      // The picture lives on LINE's CDN, named by the payload: fetched like any untrusted URL.
      const pic = await providerRequest("LINE", parsed.data.pictureUrl, { publicOnly: true });
      const contentType = contentTypeOf(pic);
      if (pic.ok && contentType?.startsWith("image/")) {
        profile.avatar = { bytes: await readBodyLimited(pic, 5 * 1024 * 1024), contentType };
      }
    } catch (e) {
      log.warn("line", `profile picture of ${userId} not downloaded`, e);
    }
  }
  return profile;
}
