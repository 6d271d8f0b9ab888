import { createHmac, randomBytes } from "node:crypto";
import { FakeProvider, type FakeReply, type RecordedRequest } from "./base";

/*
 * A fake LINE Messaging API (api.line.me and api-data.line.me on one port), answering in LINE's
 * formats: bot info, profiles, push with X-Line-Retry-Key de-duplication (409 + the original
 * answer), message content, and LINE's error bodies `{message, details?}`. Also builds signed
 * webhook bodies the way LINE sends them, for tests and specs.
 *
 * Image messages: the fake downloads both URLs of each image and refuses the push (400, LINE's
 * error body) when a file breaks LINE's documented limits — original JPEG/PNG up to 10 MB,
 * preview JPEG/PNG up to 1 MB. Real LINE accepts such a push and the customer's phone shows a
 * broken picture instead; refusing is the only way a fake can make that visible to a test.
 */

export type LineBot = { userId: string; basicId: string; displayName: string; pictureUrl?: string; chatMode?: string; markAsReadMode?: string };
export type LineProfile = { displayName: string; pictureUrl?: string; statusMessage?: string; language?: string };

export type LineFakeState = {
  /** Valid channel access tokens → the bot each belongs to. */
  tokens: Record<string, LineBot>;
  /** Users who added a bot as a friend → their profile. Pushes to anyone else fail like LINE's do. */
  profiles: Record<string, LineProfile>;
  /** Message content by LINE message id: base64 bytes + content type. `pending` answers 202 (transcoding). */
  content: Record<string, { base64: string; contentType: string; pending?: boolean }>;
  /** Files on the "CDN" (profile pictures), served at /cdn/<name>. */
  cdn: Record<string, { base64: string; contentType: string }>;
  /** Set to answer 429 "You have reached your monthly limit." to every push. */
  monthlyLimitReached: boolean;
  /** Accepted retry keys → the original request id and answer. */
  accepted: Record<string, { requestId: string; sentMessages: { id: string; quoteToken: string }[] }>;
  /** Every message LINE accepted, in order (what the customers' phones would show). */
  delivered: { to: string; message: Record<string, unknown>; id: string }[];
};

// Message ids are unique for ever, like LINE's: never reset with the state.
let nextSentId = BigInt(Date.now()) * 1000n;

export const LINE_ERRORS = {
  invalidToken: { message: "Authentication failed. Confirm that the access token in the authorization header is valid." },
  missingAuth: { message: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'" },
  notFound: { message: "Not found" },
  failedToSend: { message: "Failed to send messages" },
  monthlyLimit: { message: "You have reached your monthly limit." },
  rateLimit: { message: "The API rate limit has been exceeded. Try again later." },
  retryKeyAccepted: { message: "The retry key is already accepted" },
  invalidRetryKey: { message: "The value for the 'X-Line-Retry-Key' header is invalid" },
} as const;

/** A 1×1 PNG: small real image bytes for content and profile pictures. */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** LINE's image limits (Messaging API reference, "Image message"). */
export const LINE_IMAGE_LIMITS = {
  originalContentUrl: { maxBytes: 10 * 1024 * 1024, label: "10 MB" },
  previewImageUrl: { maxBytes: 1024 * 1024, label: "1 MB" },
} as const;

type MediaFetch = (url: string) => Promise<Response>;
const fetchOverHttp: MediaFetch = (url) => fetch(url, { signal: AbortSignal.timeout(10_000) });
let fetchMedia: MediaFetch = fetchOverHttp;

/**
 * How the fake downloads the images a push names. Over HTTP by default (e2e: the app serves
 * them); integration tests have no app server and route the downloads in-process. Null restores HTTP.
 */
export function routeLineMediaFetches(f: MediaFetch | null) {
  fetchMedia = f ?? fetchOverHttp;
}

const isJpeg = (b: Buffer) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

/** What is wrong with the image at `url` for LINE, or null. */
async function imageProblem(url: string, field: keyof typeof LINE_IMAGE_LIMITS): Promise<string | null> {
  let res: Response;
  try {
    res = await fetchMedia(url);
  } catch (e) {
    return `The image could not be downloaded (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!res.ok) return `The image could not be downloaded (HTTP ${res.status})`;
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(type === "image/jpeg" && isJpeg(bytes)) && !(type === "image/png" && isPng(bytes))) return `The image must be JPEG or PNG (got ${type || "no content type"})`;
  const limit = LINE_IMAGE_LIMITS[field];
  if (bytes.byteLength > limit.maxBytes) return `The image must be at most ${limit.label} (got ${bytes.byteLength} bytes)`;
  return null;
}

/** LINE's answer to the images of a push that break its limits: one detail per bad URL. */
async function imageErrors(messages: Record<string, unknown>[]): Promise<{ message: string; property: string }[]> {
  const errors: { message: string; property: string }[] = [];
  for (const [i, m] of messages.entries()) {
    if (m.type !== "image") continue;
    for (const field of ["originalContentUrl", "previewImageUrl"] as const) {
      const problem = await imageProblem(m[field] as string, field);
      if (problem) errors.push({ message: problem, property: `messages[${i}].${field}` });
    }
  }
  return errors;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const requestId = () => randomBytes(16).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

function bodyErrors(json: unknown): { message: string; property: string }[] {
  const body = (json ?? {}) as { to?: unknown; messages?: unknown };
  const errors: { message: string; property: string }[] = [];
  if (typeof body.to !== "string" || !body.to) errors.push({ message: "May not be empty", property: "to" });
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    errors.push({ message: "Size must be between 1 and 5", property: "messages" });
    return errors;
  }
  if (body.messages.length > 5) errors.push({ message: "Size must be between 1 and 5", property: "messages" });
  body.messages.forEach((m: Record<string, unknown>, i: number) => {
    if (m?.type === "text") {
      if (typeof m.text !== "string" || !m.text) errors.push({ message: "May not be empty", property: `messages[${i}].text` });
      else if (m.text.length > 5000) errors.push({ message: "Length must be between 0 and 5000", property: `messages[${i}].text` });
    } else if (m?.type === "image") {
      for (const f of ["originalContentUrl", "previewImageUrl"]) {
        if (typeof m[f] !== "string" || !/^https?:\/\//.test(m[f] as string)) errors.push({ message: "Must be a valid URL", property: `messages[${i}].${f}` });
      }
    } else {
      errors.push({
        message: "Must be one of the following values: [text, image, video, audio, location, sticker, template, imagemap, flex]",
        property: `messages[${i}].type`,
      });
    }
  });
  return errors;
}

const handler = async (req: RecordedRequest, fake: FakeProvider<LineFakeState>): Promise<FakeReply> => {
  const s = fake.state;
  const path = req.path;
  if (req.method === "GET" && path.startsWith("/cdn/")) {
    const file = s.cdn[decodeURIComponent(path.slice("/cdn/".length))];
    return file ? { status: 200, body: Buffer.from(file.base64, "base64"), headers: { "content-type": file.contentType } } : { status: 404, body: "Not Found" };
  }
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Bearer ")) return { status: 401, body: LINE_ERRORS.missingAuth };
  const bot = s.tokens[auth.slice("Bearer ".length)];
  if (!bot) return { status: 401, body: LINE_ERRORS.invalidToken };
  const rid = requestId();
  const headers = { "x-line-request-id": rid };

  if (req.method === "GET" && path === "/v2/bot/info") {
    return { status: 200, headers, body: { chatMode: "chat", markAsReadMode: "manual", ...bot } };
  }
  const profile = /^\/v2\/bot\/profile\/([^/]+)$/.exec(path);
  if (req.method === "GET" && profile) {
    const userId = decodeURIComponent(profile[1]!);
    const p = s.profiles[userId];
    if (!p) return { status: 404, headers, body: LINE_ERRORS.notFound };
    const pictureUrl = p.pictureUrl?.startsWith("/") ? fake.url + p.pictureUrl : p.pictureUrl;
    return { status: 200, headers, body: { userId, ...p, ...(pictureUrl ? { pictureUrl } : {}) } };
  }
  const content = /^\/v2\/bot\/message\/([^/]+)\/content$/.exec(path);
  if (req.method === "GET" && content) {
    const c = s.content[content[1]!];
    if (!c) return { status: 404, headers, body: LINE_ERRORS.notFound };
    if (c.pending) return { status: 202, headers };
    return { status: 200, headers: { ...headers, "content-type": c.contentType }, body: Buffer.from(c.base64, "base64") };
  }
  if (req.method === "POST" && path === "/v2/bot/message/push") {
    const key = req.headers["x-line-retry-key"];
    if (key !== undefined && !UUID.test(key)) return { status: 400, headers, body: LINE_ERRORS.invalidRetryKey };
    // LINE remembers a retry key once it accepted the request, whatever is sent with it later.
    const earlier = key ? s.accepted[key.toLowerCase()] : undefined;
    if (earlier) {
      return {
        status: 409,
        headers: { ...headers, "x-line-accepted-request-id": earlier.requestId },
        body: { ...LINE_ERRORS.retryKeyAccepted, sentMessages: earlier.sentMessages },
      };
    }
    let errors = bodyErrors(req.json);
    if (!errors.length) errors = await imageErrors((req.json as { messages: Record<string, unknown>[] }).messages);
    if (errors.length) return { status: 400, headers, body: { message: `The request body has ${errors.length} error(s)`, details: errors } };
    const { to, messages } = req.json as { to: string; messages: Record<string, unknown>[] };
    if (!s.profiles[to]) return { status: 400, headers, body: LINE_ERRORS.failedToSend };
    if (s.monthlyLimitReached) return { status: 429, headers, body: LINE_ERRORS.monthlyLimit };
    const sentMessages = messages.map((message) => {
      const id = String(++nextSentId);
      s.delivered.push({ to, message, id });
      return { id, quoteToken: randomBytes(12).toString("base64url") };
    });
    if (key) s.accepted[key.toLowerCase()] = { requestId: rid, sentMessages };
    return { status: 200, headers, body: { sentMessages } };
  }
  return { status: 404, headers, body: LINE_ERRORS.notFound };
};

export const LINE_BOT: LineBot = {
  userId: "U" + "b0".repeat(16),
  basicId: "@konvtest",
  displayName: "Konversio Test Shop",
};
export const LINE_TOKEN = "line-fake-channel-access-token-" + "x".repeat(40);
export const LINE_SECRET = "0123456789abcdef0123456789abcdef";

export function lineFakeState(): LineFakeState {
  return {
    tokens: { [LINE_TOKEN]: LINE_BOT },
    profiles: {},
    content: {},
    cdn: { "avatar.png": { base64: TINY_PNG.toString("base64"), contentType: "image/png" } },
    monthlyLimitReached: false,
    accepted: {},
    delivered: [],
  };
}

export const createLineFake = () => new FakeProvider<LineFakeState>("line", lineFakeState(), handler);

// ── Webhooks as LINE sends them ──────────────────────────────────────────────────────────────────

/** A LINE user id: "U" + 32 hex characters. */
export const lineUserId = () => "U" + randomBytes(16).toString("hex");
let seq = 0;
/** A LINE message id: a long decimal string, unique per call. */
export const lineMessageId = () => `${Date.now()}${String(++seq).padStart(5, "0")}`;

export function lineMessageEvent(userId: string, message: Record<string, unknown> & { id: string; type: string }, source: Record<string, string> = {}) {
  return {
    type: "message",
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: "01" + randomBytes(12).toString("hex").toUpperCase(),
    deliveryContext: { isRedelivery: false },
    replyToken: randomBytes(16).toString("hex"),
    source: { type: "user", userId, ...source },
    message: { quoteToken: randomBytes(12).toString("base64url"), ...message },
  };
}

export const lineWebhookBody = (destination: string, events: unknown[]) => JSON.stringify({ destination, events });

/** `X-Line-Signature` for a raw body. */
export const lineSignature = (channelSecret: string, body: string | Buffer) => createHmac("sha256", channelSecret).update(body).digest("base64");
