import "server-only";
import { defineChannel } from "../define";
import { checkLineCredentials } from "./credentials";
import { fetchLineMedia, fetchLineProfile } from "./media";
import { parseLineWebhook } from "./parse";
import { lineConfigSchema, lineInputSchema, lineSecretsSchema } from "./schema";
import { sendLineMessage } from "./send";
import { verifyLineSignature } from "./verify";

/**
 * LINE Messaging API channel: the admin pastes the webhook URL into the LINE Developers console
 * (no registration call), LINE signs each webhook with the channel secret, replies go out as push
 * messages with a retry key. Nothing to generate and nothing to clean up on LINE's side.
 */
export const lineAdapter = defineChannel({
  type: "line",
  inputSchema: lineInputSchema,
  secretFields: ["channelSecret", "channelAccessToken"],
  configSchema: lineConfigSchema,
  secretsSchema: lineSecretsSchema,

  checkCredentials: checkLineCredentials,
  webhook: {
    verify: (req, inbox) => verifyLineSignature(req, inbox.secrets.channelSecret),
    parse: (req, inbox) => parseLineWebhook(req.body, inbox.config),
  },
  fetchMedia: (ref, inbox) => fetchLineMedia(ref, inbox.secrets.channelAccessToken),
  fetchProfile: (userId, inbox) => fetchLineProfile(userId, inbox.secrets.channelAccessToken),
  send: (message, inbox) => sendLineMessage(message, inbox.secrets.channelAccessToken),
});
