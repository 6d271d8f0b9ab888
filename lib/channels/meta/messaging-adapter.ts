import "server-only";
import type { ZodType } from "zod";
import { defineChannel } from "../define";
import type { ChannelAdapter, ChannelType, Check } from "../types";
import type { GraphAuth } from "./client";
import { generateMetaValues, metaHandshake, type MetaGenerated } from "./handshake";
import { downloadMetaFile } from "./media";
import { checkMessagingAccount } from "./messaging-check";
import { fetchMessagingProfile } from "./messaging-profile";
import { parseMessaging } from "./messaging-parse";
import { sendMessaging } from "./messaging-send";
import type { MessagingSpec } from "./messaging-spec";
import { verifyMetaSignature } from "./signature";

type Config = Record<string, unknown>;
type Secrets = Record<string, string>;

/**
 * How the credential check runs: Messenger reads `GET /<id>?fields=` and keeps one answer field
 * (e.g. name → pageName); Instagram brings its own (`GET /me` on its host, lib/channels/instagram/check.ts).
 */
type CheckWay =
  | { checkFields: string; nameFrom: { answer: string; config: string }; check?: never }
  | { check: (auth: GraphAuth, accountId: string) => Promise<Check>; checkFields?: never; nameFrom?: never };

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
} & CheckWay): ChannelAdapter<T> {
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

    checkCredentials: (config, secrets) =>
      o.check ? o.check(auth(secrets), accountId(config)) : checkMessagingAccount(o.spec, o.type, auth(secrets), accountId(config), o),

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
