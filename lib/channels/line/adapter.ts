import "server-only";
import type { ChannelAdapter } from "../types";
import { checkLineCredentials } from "./credentials";
import { fetchLineMedia, fetchLineProfile } from "./media";
import { parseLineWebhook } from "./parse";
import { lineConfigSchema, lineInputSchema, lineSecretsSchema, type LineConfig, type LineSecrets } from "./schema";
import { sendLineMessage } from "./send";
import { verifyLineSignature } from "./verify";

/**
 * LINE Messaging API channel: the admin pastes the webhook URL into the LINE Developers console
 * (no registration call), LINE signs each webhook with the channel secret, replies go out as push
 * messages with a retry key. Nothing to generate and nothing to clean up on LINE's side.
 */
export const lineAdapter: ChannelAdapter<LineConfig, LineSecrets, Record<string, never>> = {
  type: "line",
  inputSchema: lineInputSchema,
  secretFields: ["channelSecret", "channelAccessToken"],
  configSchema: lineConfigSchema,
  secretsSchema: lineSecretsSchema,
  generate: () => ({}),
  regenerable: [],

  checkCredentials: checkLineCredentials,
  verifyRequest: (req, inbox) => verifyLineSignature(req, inbox.secrets.channelSecret),
  parseInbound: (req, inbox) => parseLineWebhook(req.body, inbox.config),
  fetchMedia: (ref, inbox) => fetchLineMedia(ref, inbox.secrets.channelAccessToken),
  fetchProfile: (userId, inbox) => fetchLineProfile(userId, inbox.secrets.channelAccessToken),
  send: (message, inbox) => sendLineMessage(message, inbox.secrets.channelAccessToken),
};
