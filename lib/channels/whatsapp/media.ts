import "server-only";
import { z } from "zod";
import { graphCall } from "../meta/client";
import { GraphError, isRateLimit, isTemporary } from "../meta/errors";
import { downloadMetaFile } from "../meta/media";
import { mimeOf } from "../shared/media-types";
import { PermanentDeliveryError, TransientDeliveryError, type FetchedMedia } from "../types";
import { whatsappAuth } from "./check";
import type { WhatsappSecrets } from "./schema";
import { log } from "@/lib/log";

const mediaInfoSchema = z.object({ url: z.string().min(1), mime_type: z.string().optional() }).loose();

/** Media ids resolve to a short-lived URL (`GET /<media id>`), downloaded with the same token. */
export async function fetchWhatsappMedia(secrets: WhatsappSecrets, ref: string): Promise<FetchedMedia> {
  let info: z.infer<typeof mediaInfoSchema>;
  try {
    info = await graphCall("WhatsApp", whatsappAuth(secrets), { path: encodeURIComponent(ref) }, mediaInfoSchema);
  } catch (e) {
    if (e instanceof GraphError && !isRateLimit(e) && !isTemporary(e)) {
      log.warn("whatsapp", `media ${ref} unavailable`, e);
      throw new PermanentDeliveryError("WhatsApp no longer has this file (customers' files can only be downloaded for a limited time).");
    }
    if (e instanceof GraphError) throw new TransientDeliveryError(e.message, { retryAfterSeconds: e.retryAfterSeconds });
    throw e;
  }
  const file = await downloadMetaFile("WhatsApp", info.url, { bearer: secrets.accessToken });
  return { ...file, contentType: mimeOf(info.mime_type) ?? file.contentType, name: undefined };
}
