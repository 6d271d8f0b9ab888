import { randomBytes } from "node:crypto";
import { FakeProvider, type FakeReply, type RecordedRequest } from "./base";

/*
 * A fake Bandwidth Messaging API v2 (BANDWIDTH_API_URL): list messages (the credential check),
 * create message (202 with the message, or Bandwidth's error body {type, description,
 * fieldErrors}), and MMS media. Also builds the callbacks Bandwidth posts (a JSON array of events).
 */

export type BandwidthAccount = { apiToken: string; apiSecret: string; applications: string[]; numbers: string[] };

export type BandwidthState = {
  accounts: Record<string, BandwidthAccount>;
  /** Media by "<accountId>/<media name>". */
  media: Record<string, { contentType: string; base64: string }>;
  /** Messages created through the API, newest last (listed by GET messages). */
  sent: { accountId: string; message: Record<string, unknown> }[];
};

export const BANDWIDTH_TEST = {
  accountId: "9900001",
  applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
  apiToken: "bw-api-token-7f3a",
  apiSecret: "bw-api-secret-c41d9e",
  phoneNumber: "+19195550142",
  otherAccountId: "9900002",
} as const;

const E164 = /^\+[1-9]\d{6,14}$/;

function initialState(): BandwidthState {
  return {
    accounts: {
      [BANDWIDTH_TEST.accountId]: {
        apiToken: BANDWIDTH_TEST.apiToken,
        apiSecret: BANDWIDTH_TEST.apiSecret,
        applications: [BANDWIDTH_TEST.applicationId],
        numbers: [BANDWIDTH_TEST.phoneNumber],
      },
      [BANDWIDTH_TEST.otherAccountId]: { apiToken: "other-token", apiSecret: "other-secret", applications: [], numbers: [] },
    },
    media: {},
    sent: [],
  };
}

/** Bandwidth refuses a longer `text` with a 400 request-validation error on the field. */
export const BANDWIDTH_TEXT_LIMIT = 2048;

export const bandwidthError = (status: number, type: string, description: string, fieldErrors?: { fieldName: string; description: string }[]): FakeReply => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(fieldErrors ? { type, description, fieldErrors } : { type, description }),
});

/** 401 for unknown credentials, 403 for credentials of another account (Bandwidth's bodies). */
function authorise(req: RecordedRequest, state: BandwidthState, accountId: string): BandwidthAccount | FakeReply {
  const m = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
  const [token, ...rest] = m ? Buffer.from(m[1]!, "base64").toString("utf8").split(":") : [];
  const owner = Object.entries(state.accounts).find(([, a]) => a.apiToken === token && a.apiSecret === rest.join(":"));
  if (!owner) return bandwidthError(401, "unauthorized", "Authentication Failed");
  if (owner[0] !== accountId) return bandwidthError(403, "forbidden", "Access Denied");
  return owner[1];
}

function createMessage(req: RecordedRequest, state: BandwidthState, accountId: string, account: BandwidthAccount): FakeReply {
  const body = (req.json ?? {}) as { applicationId?: string; to?: unknown; from?: string; text?: string; media?: string[]; tag?: string };
  const fieldErrors: { fieldName: string; description: string }[] = [];
  if (!body.applicationId || !account.applications.includes(body.applicationId)) {
    fieldErrors.push({ fieldName: "applicationId", description: `'${body.applicationId ?? ""}' is not a valid application id for this account` });
  }
  const to = Array.isArray(body.to) ? (body.to as string[]) : [];
  if (to.length === 0) fieldErrors.push({ fieldName: "to", description: "'to' must contain at least one telephone number" });
  for (const n of to) if (!E164.test(n)) fieldErrors.push({ fieldName: "to", description: `'${n}' must be replaced with a valid E164 formatted telephone number` });
  if (!body.from || !account.numbers.includes(body.from)) {
    fieldErrors.push({ fieldName: "from", description: `'${body.from ?? ""}' must be a telephone number on your account` });
  }
  if (!body.text && !body.media?.length) fieldErrors.push({ fieldName: "text", description: "'text' or 'media' must be given" });
  // Like Bandwidth: text is at most 2,048 characters (counted as UTF-16 code units here: an emoji is 2).
  if (typeof body.text === "string" && body.text.length > BANDWIDTH_TEXT_LIMIT) {
    fieldErrors.push({ fieldName: "text", description: `'text' must be ${BANDWIDTH_TEXT_LIMIT} characters or less` });
  }
  if (fieldErrors.length) return bandwidthError(400, "request-validation", "Your request could not be accepted", fieldErrors);
  const now = new Date().toISOString();
  const message = {
    id: `${Date.now()}${randomBytes(6).toString("hex")}`,
    owner: body.from,
    applicationId: body.applicationId,
    time: now,
    segmentCount: 1,
    direction: "out",
    to,
    from: body.from,
    text: body.text ?? "",
    ...(body.media ? { media: body.media } : {}),
    ...(body.tag ? { tag: body.tag } : {}),
    priority: "default",
  };
  state.sent.push({ accountId, message });
  return { status: 202, body: message };
}

/** List Messages' query parameters in Bandwidth's messaging API (filters and paging). */
const LIST_PARAMS = new Set([
  "messageId", "sourceTn", "destinationTn", "messageStatus", "messageDirection", "carrierName", "messageType", "errorCode",
  "fromDateTime", "toDateTime", "campaignId", "fromBwLatency", "bwQueued", "product", "location", "callingNumberCountryA3",
  "calledNumberCountryA3", "fromSegmentCount", "toSegmentCount", "fromMessageSize", "toMessageSize", "sort", "pageToken", "limit", "limitTotalCount",
]);

export function createBandwidthFake() {
  return new FakeProvider<BandwidthState>("bandwidth", initialState(), (req, fake) => {
    const m = /^\/api\/v2\/users\/([^/]+)\/(messages|media\/(.+))$/.exec(req.path);
    if (!m) return bandwidthError(404, "not-found", "The requested resource was not found");
    const [, accountId, what, mediaName] = m as unknown as [string, string, string, string | undefined];
    const account = authorise(req, fake.state, accountId);
    if ("status" in account) return account;
    if (what === "messages" && req.method === "GET") {
      // List Messages takes `limit` (1–1000); the fake refuses parameters the real list does not have
      // (e.g. `pageSize`, which an earlier Konversio sent), so a regression fails a test.
      const unknown = Object.keys(req.query).filter((k) => !LIST_PARAMS.has(k));
      if (unknown.length) return bandwidthError(400, "request-validation", `Unknown query parameter: ${unknown.join(", ")}`);
      const limit = Number(req.query.limit ?? 1000);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return bandwidthError(400, "request-validation", "limit must be between 1 and 1000");
      // Bandwidth's message list (metadata only: no text), newest first.
      const messages = fake.state.sent
        .filter((s) => s.accountId === accountId)
        .reverse()
        .slice(0, limit)
        .map(({ message: m }) => ({
          messageId: m.id,
          accountId,
          sourceTn: m.from,
          destinationTn: (m.to as string[])[0],
          messageStatus: "DELIVERED",
          messageDirection: "OUTBOUND",
          messageType: m.media ? "mms" : "sms",
          segmentCount: 1,
          receiveTime: m.time,
          applicationId: m.applicationId,
        }));
      return { status: 200, body: { totalCount: messages.length, pageInfo: { prevPage: null, nextPage: null }, messages } };
    }
    if (what === "messages" && req.method === "POST") return createMessage(req, fake.state, accountId, account);
    if (mediaName && req.method === "GET") {
      const item = fake.state.media[`${accountId}/${mediaName}`];
      if (!item) return bandwidthError(404, "not-found", "Media not found");
      return { status: 200, body: Buffer.from(item.base64, "base64"), headers: { "content-type": item.contentType } };
    }
    return bandwidthError(405, "method-not-allowed", "Method not allowed");
  });
}

export type BandwidthFake = ReturnType<typeof createBandwidthFake>;

/** Stores an MMS file and returns its media URL as Bandwidth puts it in message-received. */
export function addBandwidthMedia(
  fake: { url: string; state: BandwidthState },
  input: { messageId: string; file: string; contentType: string; bytes: Buffer; accountId?: string },
): string {
  const accountId = input.accountId ?? BANDWIDTH_TEST.accountId;
  const name = `${input.messageId}/0/${input.file}`;
  fake.state.media[`${accountId}/${name}`] = { contentType: input.contentType, base64: input.bytes.toString("base64") };
  return `${fake.url}/api/v2/users/${accountId}/media/${name}`;
}

export const bandwidthMessageId = () => `${Date.now()}${randomBytes(7).toString("hex")}`;

type EventInput = {
  id: string;
  from: string;
  to: string;
  text?: string;
  media?: string[];
  description?: string;
  errorCode?: number;
  tag?: string;
};

/** One callback event as Bandwidth sends it (always inside an array). */
export function bandwidthEvent(type: "message-received" | "message-sending" | "message-delivered" | "message-failed", e: EventInput) {
  const now = new Date().toISOString();
  const inbound = type === "message-received";
  return {
    type,
    time: now,
    description: e.description ?? (inbound ? "Incoming message received" : type === "message-delivered" ? "ok" : type === "message-sending" ? "Message is sending to carrier" : "Message failed"),
    to: e.to,
    ...(e.errorCode !== undefined ? { errorCode: e.errorCode } : {}),
    message: {
      id: e.id,
      time: now,
      to: [e.to],
      from: e.from,
      text: e.text ?? "",
      applicationId: BANDWIDTH_TEST.applicationId,
      ...(e.media ? { media: e.media } : {}),
      owner: inbound ? e.to : e.from,
      direction: inbound ? "in" : "out",
      segmentCount: 1,
      ...(e.tag ? { tag: e.tag } : {}),
    },
  };
}

export const basicHeader = (user: string, password: string) => "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
