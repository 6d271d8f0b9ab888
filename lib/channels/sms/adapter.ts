import "server-only";
import { randomBytes } from "node:crypto";
import { randomToken } from "@/lib/security/crypto";
import { defineChannel } from "../define";
import type { InboxContext } from "../types";
import { checkBandwidth } from "./bandwidth/check";
import { fetchBandwidthMedia } from "./bandwidth/media";
import { parseBandwidth } from "./bandwidth/parse";
import { sendBandwidth } from "./bandwidth/send";
import { verifyBandwidth } from "./bandwidth/signature";
import {
  SMS_SECRET_FIELDS,
  smsConfigSchema,
  smsInputSchema,
  smsSecretsSchema,
  type BandwidthConfig,
  type BandwidthSecrets,
  type SmsConfig,
  type SmsGenerated,
  type SmsSecrets,
  type TwilioConfig,
  type TwilioSecrets,
} from "./schema";
import { checkTwilio } from "./twilio/check";
import { fetchTwilioMedia } from "./twilio/media";
import { parseTwilio } from "./twilio/parse";
import { twilioMediaProblem } from "./twilio/outbound-media";
import { sendTwilio } from "./twilio/send";
import { verifyTwilio } from "./twilio/signature";

type Ctx = InboxContext<SmsConfig, SmsSecrets, SmsGenerated>;

const twilioCtx = (inbox: Ctx) => inbox as InboxContext<TwilioConfig, TwilioSecrets, SmsGenerated>;
const bandwidthCtx = (inbox: Ctx) => inbox as InboxContext<BandwidthConfig, BandwidthSecrets, SmsGenerated>;

/**
 * The SMS channel: one channel type, two providers chosen by `config.provider`. Twilio signs its
 * webhooks with the account's Auth Token; Bandwidth sends the callback credentials Konversio
 * generates for Bandwidth inboxes.
 */
export const smsAdapter = defineChannel({
  type: "sms",
  inputSchema: smsInputSchema,
  secretFields: SMS_SECRET_FIELDS,
  configSchema: smsConfigSchema,
  secretsSchema: smsSecretsSchema,
  generate: (config): SmsGenerated =>
    config.provider === "bandwidth"
      ? { callbackUsername: `konversio-${randomBytes(4).toString("hex")}`, callbackPassword: randomToken(24) }
      : ({} as SmsGenerated),
  regenerable: ["callbackUsername", "callbackPassword"],

  checkCredentials(config, secrets) {
    return config.provider === "bandwidth" ? checkBandwidth(config, secrets as BandwidthSecrets) : checkTwilio(config, secrets as TwilioSecrets);
  },

  webhook: {
    verify: (req, inbox) => (inbox.config.provider === "bandwidth" ? verifyBandwidth(req, inbox.generated) : verifyTwilio(req, twilioCtx(inbox).secrets)),
    parse: (req, inbox) => (inbox.config.provider === "bandwidth" ? parseBandwidth(req, inbox.config) : parseTwilio(req, inbox.config)),
    // Twilio reads the answer as TwiML: an empty <Response/> means "no automatic reply". Bandwidth only needs a 2xx.
    ack: { status: 200, body: { ok: true }, raw: { contentType: "text/xml", body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } },
  },

  fetchMedia(ref, inbox) {
    return inbox.config.provider === "bandwidth"
      ? fetchBandwidthMedia(inbox.config, inbox.secrets as BandwidthSecrets, ref)
      : fetchTwilioMedia(inbox.config, inbox.secrets as TwilioSecrets, ref);
  },

  outboundFileProblem: (file, inbox) => (inbox.config.provider === "twilio" ? twilioMediaProblem(file) : null),
  send(message, inbox) {
    return inbox.config.provider === "bandwidth" ? sendBandwidth(bandwidthCtx(inbox), message) : sendTwilio(twilioCtx(inbox), message);
  },
});
