import "server-only";
import { z } from "zod";
import { GraphError, isRateLimit, isTemporary } from "../meta/errors";
import { graphCall } from "../meta/graph";
import { generateMetaValues, metaHandshake, type MetaGenerated } from "../meta/handshake";
import { downloadMetaFile } from "../meta/media";
import { verifyMetaSignature } from "../meta/signature";
import { unreachable } from "../shared/provider-http";
import { defineChannel } from "../define";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { parseWhatsapp } from "./parse";
import { whatsappConfigSchema, whatsappInputSchema, whatsappSecretsSchema, type WhatsappSecrets } from "./schema";
import { sendWhatsapp } from "./send";

const phoneNumberSchema = z.object({ id: z.string().optional(), display_phone_number: z.string().optional(), verified_name: z.string().optional() }).loose();
const mediaInfoSchema = z.object({ url: z.string().min(1), mime_type: z.string().optional() }).loose();

const auth = (secrets: WhatsappSecrets) => ({ token: secrets.accessToken, appSecret: secrets.appSecret });

export const whatsappAdapter = defineChannel({
  type: "whatsapp",
  inputSchema: whatsappInputSchema,
  secretFields: ["accessToken", "appSecret"],
  configSchema: whatsappConfigSchema,
  secretsSchema: whatsappSecretsSchema,
  generate: (): MetaGenerated => generateMetaValues(),
  regenerable: ["verifyToken"],

  /**
   * Looks the phone number up with the token (and the app secret as appsecret_proof). Meta's
   * display number and verified business name are kept with the settings for the inbox list.
   */
  async checkCredentials(config, secrets) {
    try {
      const info = await graphCall(
        "WhatsApp",
        auth(secrets),
        { path: config.phoneNumberId, query: { fields: "display_phone_number,verified_name" } },
        phoneNumberSchema,
      );
      return {
        ok: true,
        channelKey: `whatsapp:${config.phoneNumberId}`,
        facts: { displayPhoneNumber: info.display_phone_number || undefined, verifiedName: info.verified_name || undefined },
      };
    } catch (e) {
      if (e instanceof GraphError) return { ok: false, message: e.message };
      return unreachable("WhatsApp", e);
    }
  },

  webhook: {
    handshake: (query, inbox) => metaHandshake(query, inbox.generated.verifyToken),
    verify: (req, inbox) => verifyMetaSignature(req, inbox.secrets.appSecret),
    parse: (req, inbox) => parseWhatsapp(req, inbox.config.phoneNumberId),
  },

  /** Media ids resolve to a short-lived URL (`GET /<media id>`), downloaded with the same token. */
  async fetchMedia(ref, inbox) {
    let info: z.infer<typeof mediaInfoSchema>;
    try {
      info = await graphCall("WhatsApp", auth(inbox.secrets), { path: encodeURIComponent(ref) }, mediaInfoSchema);
    } catch (e) {
      if (e instanceof GraphError && !isRateLimit(e) && !isTemporary(e)) {
        console.warn(`[whatsapp] media ${ref} unavailable: ${e.message}`);
        throw new PermanentDeliveryError("WhatsApp no longer has this file (customers' files can only be downloaded for a limited time).");
      }
      if (e instanceof GraphError) throw new TransientDeliveryError(e.message, { retryAfterSeconds: e.retryAfterSeconds });
      throw e;
    }
    const file = await downloadMetaFile("WhatsApp", info.url, { bearer: inbox.secrets.accessToken });
    return { ...file, contentType: info.mime_type?.split(";")[0]?.trim() || file.contentType, name: undefined };
  },

  send: (message, inbox) => sendWhatsapp(message, inbox),
});
