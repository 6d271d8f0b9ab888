import "server-only";
import { defineChannel } from "../define";
import { checkLineCredentials } from "./check";
import { fetchLineMedia } from "./media";
import { parseLineWebhook } from "./parse";
import { fetchLineProfile } from "./profile";
import { lineConfigSchema, lineInputSchema, lineSecretsSchema } from "./schema";
import { sendLineMessage } from "./send";
import { verifyLineSignature } from "./signature";

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
  fetchMedia: (ref, inbox) => fetchLineMedia(inbox.secrets.channelAccessToken, ref),
  fetchProfile: (userId, inbox) => fetchLineProfile(inbox.secrets.channelAccessToken, userId),
  // Every push carries X-Line-Retry-Key derived from the reply's id: LINE answers a repeat with 409.
  resendIsHarmless: true,
  send: (message, inbox) => sendLineMessage(inbox.secrets.channelAccessToken, message),
});
