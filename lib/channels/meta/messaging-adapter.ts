import "server-only";
import { z, type ZodType } from "zod";
import { unreachable } from "../shared/errors";
import { defineChannel } from "../define";
import type { ChannelAdapter, ChannelType } from "../types";
import { GraphError } from "./errors";
import { graphCall } from "./client";
import { generateMetaValues, metaHandshake, type MetaGenerated } from "./handshake";
import { downloadMetaFile } from "./media";
import { fetchMessagingProfile } from "./messaging-profile";
import { parseMessaging } from "./messaging-parse";
import { sendMessaging } from "./messaging-send";
import type { MessagingSpec } from "./messaging-spec";
import { verifyMetaSignature } from "./signature";

type Config = Record<string, unknown>;
type Secrets = Record<string, string>;

/**
 * Messenger and Instagram are the same machine with different field names: an account id (Page or
 * Instagram account), a token, the app secret, and a name looked up at the credential check.
 */
export function messagingAdapter<T extends Extract<ChannelType, "facebook" | "instagram">>(o: {
  type: T;
  spec: MessagingSpec;
  inputSchema: ZodType;
  configSchema: ZodType<Config>;
  secretsSchema: ZodType<Secrets>;
  idField: string;
  tokenField: string;
  /** `GET /<id>?fields=` for the check, and which answer field becomes which config field (e.g. name → pageName). */
  checkFields: string;
  nameFrom: { answer: string; config: string };
}): ChannelAdapter<T> {
  const auth = (secrets: Secrets) => ({ token: secrets[o.tokenField] ?? "", appSecret: secrets.appSecret });
  const accountId = (config: Config) => String(config[o.idField] ?? "");

  return defineChannel({
    type: o.type,
    inputSchema: o.inputSchema,
    secretFields: [o.tokenField, "appSecret"],
    configSchema: o.configSchema,
    secretsSchema: o.secretsSchema,
    generate: (): MetaGenerated => generateMetaValues(),
    regenerable: ["verifyToken"],

    /** The account must answer with this token (and app secret, as appsecret_proof); its name is kept for the inbox list. */
    async checkCredentials(config, secrets) {
      try {
        const info = await graphCall(
          o.spec.provider,
          auth(secrets),
          { path: accountId(config), query: { fields: o.checkFields } },
          z.object({ id: z.string().optional() }).loose(),
        );
        const name = (info as Record<string, unknown>)[o.nameFrom.answer];
        return { ok: true, channelKey: `${o.type}:${accountId(config)}`, facts: { [o.nameFrom.config]: typeof name === "string" && name ? name : undefined } };
      } catch (e) {
        if (e instanceof GraphError) return { ok: false, message: e.message };
        return unreachable(o.spec.provider, e);
      }
    },

    webhook: {
      handshake: (query, inbox) => metaHandshake(query, inbox.generated.verifyToken),
      verify: (req, inbox) => verifyMetaSignature(req, inbox.secrets.appSecret),
      parse: (req, inbox) => parseMessaging(req, o.spec, accountId(inbox.config)),
    },
    /** Attachment refs are Meta CDN URLs: public, time-limited, fetched without the token. */
    fetchMedia: (ref) => downloadMetaFile(o.spec.provider, ref),
    fetchProfile: (sourceId, inbox) => fetchMessagingProfile(o.spec, auth(inbox.secrets), sourceId),
    send: (message, inbox) => sendMessaging(o.spec, auth(inbox.secrets), accountId(inbox.config), message),
  });
}
