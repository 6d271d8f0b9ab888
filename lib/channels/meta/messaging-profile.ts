import "server-only";
import { z } from "zod";
import { PermanentDeliveryError, TransientDeliveryError, type ContactProfile } from "../types";
import { GraphError, isRateLimit, isTemporary } from "./errors";
import { graphCall, type GraphAuth } from "./client";
import { downloadMetaFile } from "./media";
import type { MessagingSpec } from "./messaging-spec";
import { log } from "@/lib/log";

const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
const profileSchema = z.object({ profile_pic: z.string().optional() }).loose();

/** The sender's name and picture (`GET /<PSID or IGSID>`); a picture that fails to download is simply left out. */
export async function fetchMessagingProfile(spec: MessagingSpec, auth: GraphAuth, sourceId: string): Promise<ContactProfile | null> {
  let p: z.infer<typeof profileSchema>;
  try {
    p = await graphCall(spec.provider, auth, { host: spec.host, path: encodeURIComponent(sourceId), query: { fields: spec.profileFields } }, profileSchema);
  } catch (e) {
    if (e instanceof GraphError && (isRateLimit(e) || isTemporary(e))) throw new TransientDeliveryError(e.message, { retryAfterSeconds: e.retryAfterSeconds });
    // People may hide their profile from apps: that is an answer, not a failure worth retrying.
    if (e instanceof GraphError) throw new PermanentDeliveryError(`${spec.provider} does not share this person's profile: ${e.message}`);
    throw e;
  }
  const name = spec.profileName(p);
  let avatar: ContactProfile["avatar"];
  if (p.profile_pic) {
    try {
      const file = await downloadMetaFile(spec.provider, p.profile_pic, { maxBytes: AVATAR_MAX_BYTES });
      if (file.contentType?.startsWith("image/")) avatar = { bytes: file.bytes, contentType: file.contentType };
    } catch (e) {
      log.warn(spec.object, `profile picture of ${sourceId} not downloaded`, e);
    }
  }
  return name || avatar ? { name, avatar } : null;
}
