import { randomBytes } from "node:crypto";
import { twilioSignature } from "../../lib/channels/sms/twilio/sign";
import { FakeProvider, type FakeReply, type RecordedRequest } from "./base";

/*
 * A fake Twilio REST API (TWILIO_API_URL) speaking Twilio's formats: account fetch, incoming
 * phone number lookup, Messages.json create (201 message resource, or Twilio's error body
 * {code, message, more_info, status}), and MMS media that redirects to a "CDN" on another host
 * (localhost instead of 127.0.0.1) so clients can prove they drop credentials there.
 * Also builds inbound webhooks and status callbacks signed exactly like Twilio signs them.
 */

export type TwilioAccount = {
  authToken: string;
  status: "active" | "suspended" | "closed";
  friendlyName: string;
  numbers: string[];
  /** Numbers Twilio knows but without SMS capability (voice-only). */
  voiceOnly?: string[];
  services: string[];
};

export type TwilioState = {
  accounts: Record<string, TwilioAccount>;
  /** Recipients who replied STOP: sending to them fails with 21610. */
  optedOut: string[];
  /** MMS media by media SID. */
  media: Record<string, { accountSid: string; messageSid: string; contentType: string; base64: string }>;
  /** Message resources created through Messages.json, newest last (listed by GET Messages.json). */
  sent: Record<string, unknown>[];
};

export const TWILIO_TEST = {
  accountSid: "AC" + "1f".repeat(16),
  authToken: "9a8b7c6d5e4f30211203f4e5d6c7b8a9",
  phoneNumber: "+15005550006",
  messagingServiceSid: "MG" + "2e".repeat(16),
  /** A second active account with its own number, for "another account" cases. */
  otherAccountSid: "AC" + "3d".repeat(16),
  otherAuthToken: "00112233445566778899aabbccddeeff",
  otherPhoneNumber: "+15005550010",
} as const;

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio refuses a longer Body with error 21617. */
export const TWILIO_BODY_LIMIT = 1600;
const hex = (n: number) => randomBytes(n).toString("hex");
const rfc2822 = (d = new Date()) => d.toUTCString().replace("GMT", "+0000");

function initialState(): TwilioState {
  return {
    accounts: {
      [TWILIO_TEST.accountSid]: {
        authToken: TWILIO_TEST.authToken,
        status: "active",
        friendlyName: "Konversio test account",
        numbers: [TWILIO_TEST.phoneNumber],
        voiceOnly: ["+15005550099"],
        services: [TWILIO_TEST.messagingServiceSid],
      },
      [TWILIO_TEST.otherAccountSid]: {
        authToken: TWILIO_TEST.otherAuthToken,
        status: "active",
        friendlyName: "Another account",
        numbers: [TWILIO_TEST.otherPhoneNumber],
        services: [],
      },
    },
    optedOut: ["+15005550004"],
    media: {},
    sent: [],
  };
}

/** Twilio's error body, e.g. 21211 → 400 {code, message, more_info, status}. */
export function twilioError(status: number, code: number, message: string, extra: Record<string, unknown> = {}): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status, ...extra } };
}

const unauthorized = () => ({
  ...twilioError(401, 20003, "Authentication Error - invalid username", { detail: "Your AccountSid or AuthToken was incorrect." }),
  headers: { "www-authenticate": 'Basic realm="Twilio API"' },
});

function authorised(req: RecordedRequest, state: TwilioState, accountSid: string): TwilioAccount | null {
  const header = req.headers.authorization ?? "";
  const m = /^Basic (.+)$/.exec(header);
  if (!m) return null;
  const [user, ...rest] = Buffer.from(m[1]!, "base64").toString("utf8").split(":");
  const account = state.accounts[user!];
  if (!account || account.authToken !== rest.join(":") || user !== accountSid) return null;
  return account;
}

function accountResource(sid: string, a: TwilioAccount) {
  return {
    auth_token: a.authToken,
    date_created: "Thu, 30 Jul 2015 20:00:00 +0000",
    date_updated: "Thu, 30 Jul 2015 20:00:00 +0000",
    friendly_name: a.friendlyName,
    owner_account_sid: sid,
    sid,
    status: a.status,
    subresource_uris: { messages: `/2010-04-01/Accounts/${sid}/Messages.json` },
    type: "Full",
    uri: `/2010-04-01/Accounts/${sid}.json`,
  };
}

function phoneNumberResource(accountSid: string, number: string, sms: boolean) {
  return {
    account_sid: accountSid,
    api_version: "2010-04-01",
    capabilities: { fax: false, mms: sms, sms, voice: true },
    friendly_name: number,
    phone_number: number,
    sid: "PN" + hex(16),
    sms_method: "POST",
    sms_url: "",
    status: "in-use",
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/PN.json`,
  };
}

function createMessage(req: RecordedRequest, state: TwilioState, accountSid: string, account: TwilioAccount): FakeReply {
  const params = new URLSearchParams(req.body);
  const to = params.get("To");
  const from = params.get("From");
  const service = params.get("MessagingServiceSid");
  const body = params.get("Body") ?? "";
  const media = params.getAll("MediaUrl");
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (!from && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (service && !account.services.includes(service)) return twilioError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
  if (from && !account.numbers.includes(from)) {
    return twilioError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
  }
  if (!body && media.length === 0) return twilioError(400, 21602, "Message body is required.");
  // Like Twilio: Body is at most 1,600 characters (counted as UTF-16 code units here: an emoji is 2).
  if (body.length > TWILIO_BODY_LIMIT) return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
  if (media.length > 10) return twilioError(400, 21623, "Number of media files exceeds allowed limit.");
  if (state.optedOut.includes(to)) return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");
  const sid = (media.length ? "MM" : "SM") + hex(16);
  const now = rfc2822();
  const resource = {
    account_sid: accountSid,
    api_version: "2010-04-01",
    body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: service ? null : from,
    messaging_service_sid: service,
    num_media: String(media.length),
    num_segments: "1",
    price: null,
    price_unit: "USD",
    sid,
    status: service ? "accepted" : "queued",
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  };
  state.sent.push(resource);
  return { status: 201, body: resource };
}

export function createTwilioFake() {
  return new FakeProvider<TwilioState>("twilio", initialState(), (req, fake) => {
    const state = fake.state;
    let m = /^\/2010-04-01\/Accounts\/([^/]+?)(\.json|\/.*)$/.exec(req.path);
    if (m) {
      const accountSid = m[1]!;
      const rest = m[2]!;
      const account = authorised(req, state, accountSid);
      // Media fetches (authenticated media) and everything else need the account's credentials.
      if (!account) return unauthorized();
      if (req.method === "GET" && rest === ".json") return { status: 200, body: accountResource(accountSid, account) };
      if (req.method === "GET" && rest === "/IncomingPhoneNumbers.json") {
        const wanted = req.query.PhoneNumber;
        const all = [...account.numbers.map((n) => [n, true] as const), ...(account.voiceOnly ?? []).map((n) => [n, false] as const)];
        const hits = all.filter(([n]) => !wanted || n === wanted).map(([n, sms]) => phoneNumberResource(accountSid, n, sms));
        return {
          status: 200,
          body: {
            end: hits.length ? hits.length - 1 : 0,
            first_page_uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
            incoming_phone_numbers: hits,
            next_page_uri: null,
            page: 0,
            page_size: 50,
            previous_page_uri: null,
            start: 0,
            uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
          },
        };
      }
      if (req.method === "POST" && rest === "/Messages.json") return createMessage(req, state, accountSid, account);
      if (req.method === "GET" && rest === "/Messages.json") {
        // Newest first, like Twilio's list.
        const messages = state.sent.filter((m) => m.account_sid === accountSid && (!req.query.To || m.to === req.query.To)).reverse();
        return { status: 200, body: { messages, end: Math.max(0, messages.length - 1), page: 0, page_size: 50, start: 0, next_page_uri: null, previous_page_uri: null } };
      }
      const media = /^\/Messages\/([^/]+)\/Media\/([^/.]+)$/.exec(rest);
      if (req.method === "GET" && media) {
        const item = state.media[media[2]!];
        if (!item || item.accountSid !== accountSid || item.messageSid !== media[1]) {
          return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
        }
        // Like Twilio: a redirect to the file on the CDN, which is another host.
        const cdn = fake.url.replace("127.0.0.1", "localhost");
        return { status: 307, headers: { location: `${cdn}/cdn/${media[2]}` } };
      }
      return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }
    m = /^\/cdn\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && m) {
      const item = state.media[m[1]!];
      if (!item) return { status: 404, body: "<Error><Code>NoSuchKey</Code></Error>", headers: { "content-type": "application/xml" } };
      return { status: 200, body: Buffer.from(item.base64, "base64"), headers: { "content-type": item.contentType } };
    }
    return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
  });
}

export type TwilioFake = ReturnType<typeof createTwilioFake>;

/** Stores an MMS file in the fake and returns the MediaUrl Twilio would put in the webhook. */
export function addTwilioMedia(
  fake: { url: string; state: TwilioState },
  input: { accountSid?: string; messageSid: string; contentType: string; bytes: Buffer },
): string {
  const accountSid = input.accountSid ?? TWILIO_TEST.accountSid;
  const mediaSid = "ME" + hex(16);
  fake.state.media[mediaSid] = { accountSid, messageSid: input.messageSid, contentType: input.contentType, base64: input.bytes.toString("base64") };
  return `${fake.url}/2010-04-01/Accounts/${accountSid}/Messages/${input.messageSid}/Media/${mediaSid}`;
}

export const twilioMessageSid = (mms = false) => (mms ? "MM" : "SM") + hex(16);

/** The form Twilio posts when a customer texts the number (the fields a real webhook carries). */
export function twilioInboundParams(input: {
  from: string;
  body: string;
  messageSid?: string;
  to?: string;
  accountSid?: string;
  media?: { url: string; contentType: string }[];
}): [string, string][] {
  const sid = input.messageSid ?? twilioMessageSid(Boolean(input.media?.length));
  const params: [string, string][] = [
    ["ToCountry", "US"],
    ["ToState", "CA"],
    ["SmsMessageSid", sid],
    ["NumMedia", String(input.media?.length ?? 0)],
    ["ToCity", "SAN FRANCISCO"],
    ["FromZip", "94105"],
    ["SmsSid", sid],
    ["FromState", "CA"],
    ["SmsStatus", "received"],
    ["FromCity", "SAN FRANCISCO"],
    ["Body", input.body],
    ["FromCountry", "US"],
    ["To", input.to ?? TWILIO_TEST.phoneNumber],
    ["ToZip", "94105"],
    ["NumSegments", "1"],
    ["MessageSid", sid],
    ["AccountSid", input.accountSid ?? TWILIO_TEST.accountSid],
    ["From", input.from],
    ["ApiVersion", "2010-04-01"],
  ];
  (input.media ?? []).forEach((m, i) => {
    params.push([`MediaContentType${i}`, m.contentType], [`MediaUrl${i}`, m.url]);
  });
  return params;
}

/** The form Twilio posts to a message's StatusCallback. */
export function twilioStatusParams(input: {
  messageSid: string;
  status: string;
  to: string;
  from?: string;
  errorCode?: number;
  accountSid?: string;
}): [string, string][] {
  const params: [string, string][] = [
    ["SmsSid", input.messageSid],
    ["SmsStatus", input.status],
    ["MessageStatus", input.status],
    ["To", input.to],
    ["MessageSid", input.messageSid],
    ["AccountSid", input.accountSid ?? TWILIO_TEST.accountSid],
    ["From", input.from ?? TWILIO_TEST.phoneNumber],
    ["ApiVersion", "2010-04-01"],
  ];
  if (input.errorCode !== undefined) params.push(["ErrorCode", String(input.errorCode)]);
  return params;
}

/** Body and headers of a webhook signed exactly like Twilio signs it, for the URL Twilio calls. */
export function signTwilioRequest(url: string, authToken: string, params: [string, string][]) {
  const body = new URLSearchParams(params).toString();
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(authToken, url, params),
      "i-twilio-idempotency-token": randomBytes(16).toString("hex"),
    },
  };
}
