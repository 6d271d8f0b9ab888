import "server-only";
import { generateMetaValues, metaHandshake, type MetaGenerated } from "../meta/handshake";
import { verifyMetaSignature } from "../meta/signature";
import { defineChannel } from "../define";
import { checkWhatsapp } from "./check";
import { fetchWhatsappMedia } from "./media";
import { parseWhatsapp } from "./parse";
import { whatsappConfigSchema, whatsappInputSchema, whatsappSecretsSchema } from "./schema";
import { sendWhatsapp } from "./send";

/** WhatsApp Cloud API: one phone number per inbox, Meta's webhook, replies through the Graph API. */
export const whatsappAdapter = defineChannel({
  type: "whatsapp",
  inputSchema: whatsappInputSchema,
  secretFields: ["accessToken", "appSecret"],
  configSchema: whatsappConfigSchema,
  secretsSchema: whatsappSecretsSchema,
  generate: (): MetaGenerated => generateMetaValues(),
  regenerable: ["verifyToken"],

  checkCredentials: checkWhatsapp,

  webhook: {
    handshake: (query, inbox) => metaHandshake(query, inbox.generated.verifyToken),
    verify: (req, inbox) => verifyMetaSignature(req, inbox.secrets.appSecret),
    parse: (req, inbox) => parseWhatsapp(req, inbox.config.phoneNumberId),
  },

  fetchMedia: (ref, inbox) => fetchWhatsappMedia(inbox.secrets, ref),
  send: (message, inbox) => sendWhatsapp(inbox, message),
});
