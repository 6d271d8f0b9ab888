import { createHmac, randomBytes } from "node:crypto";
import { FakeProvider, type FakeReply, type RecordedRequest } from "./base";
import { GRAPH_VERSION } from "../../lib/channels/meta/version";

/*
 * A fake Meta API (GRAPH_VERSION only, as the app pins it) on one of Meta's two hosts:
 * - "graph" (graph.facebook.com, META_GRAPH_API_URL): WhatsApp Cloud API phone numbers, media and
 *   messages; Messenger pages; their users' profiles;
 * - "instagram" (graph.instagram.com, INSTAGRAM_API_URL, the Instagram API with Instagram Login):
 *   Instagram professional accounts (`/me`, `/<IG_ID>/messages`) and Instagram users' profiles.
 * Each host knows only its own tokens, as Meta's do: an Instagram User token on the Graph host,
 * or a Facebook token on the Instagram host, is refused with code 190, and Graph-only objects
 * (phone numbers, pages, media) do not exist on the Instagram host. Both serve a public "CDN" for
 * attachment and profile-picture URLs. Tokens and app secrets live in the state, so a wrong token
 * or app secret is refused with Meta's error body.
 */

export type MetaHost = "graph" | "instagram";

export type MetaFakeState = {
  phoneNumbers: Record<string, { token: string; appSecret?: string; display_phone_number: string; verified_name: string }>;
  pages: Record<string, { token: string; appSecret?: string; name: string }>;
  /** Instagram professional account ids (`user_id`) → account; `appScopedId` is the `id` that `/me` also answers. */
  instagramAccounts: Record<string, { token: string; appSecret?: string; username: string; name?: string; appScopedId?: string }>;
  /** WhatsApp media ids → file, readable with the token that owns it. */
  media: Record<string, { token: string; mime_type: string; base64: string }>;
  /** Messenger PSIDs and Instagram IGSIDs → profile, readable with the page's / account's token. */
  profiles: Record<string, { token: string; first_name?: string; last_name?: string; name?: string; username?: string; picture?: string }>;
  /** Public files served at `<fake>/cdn/<name>` (attachment and profile picture URLs). */
  cdn: Record<string, { contentType: string; base64: string }>;
  /** Media uploaded through `POST /<phone number id>/media`. */
  uploads: Record<string, { phoneNumberId: string; filename: string; contentType: string; size: number }>;
  /** WhatsApp Business Accounts (WABA id → the token that manages it). */
  businessAccounts: Record<string, { token: string; appSecret?: string }>;
  /**
   * The app's webhook subscriptions (POST /<WABA or Page id>/subscribed_apps): object id → fields.
   * Meta delivers a WABA's or Page's webhooks only once the app is subscribed to it.
   */
  subscriptions: Record<string, string[]>;
  /** Ids the next sends answer with, in order (so a browser test knows which id its status webhook names). */
  nextMessageIds?: string[];
};

export const META_FAKE = {
  whatsapp: { phoneNumberId: "106540352242922", businessAccountId: "102290129340398", token: "EAAwa-valid-token", appSecret: "wa-app-secret-123" },
  facebook: { pageId: "104719215632190", token: "EAApage-valid-token", appSecret: "fb-app-secret-123" },
  // Instagram User access tokens (Instagram Login) start with IGAA; Facebook tokens with EAA.
  instagram: { instagramId: "17841405822304914", token: "IGAAig-valid-token", appSecret: "ig-app-secret-123" },
} as const;

/** A tiny but real PNG (1×1), so image sniffing accepts it. */
export const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

export function metaFakeDefaults(): MetaFakeState {
  const { whatsapp: wa, facebook: fb, instagram: ig } = META_FAKE;
  return {
    phoneNumbers: { [wa.phoneNumberId]: { token: wa.token, appSecret: wa.appSecret, display_phone_number: "+1 555-010-0199", verified_name: "Acme Support" } },
    pages: { [fb.pageId]: { token: fb.token, appSecret: fb.appSecret, name: "Acme Bikes" } },
    businessAccounts: { [wa.businessAccountId]: { token: wa.token, appSecret: wa.appSecret } },
    subscriptions: {},
    instagramAccounts: { [ig.instagramId]: { token: ig.token, appSecret: ig.appSecret, username: "acme.bikes", name: "Acme Bikes", appScopedId: "9483120476184033" } },
    media: {},
    profiles: {},
    cdn: { "avatar.png": { contentType: "image/png", base64: PNG_1X1 } },
    uploads: {},
  };
}

const trace = () => randomBytes(8).toString("base64url");

/** A reply with Graph's error body: `{error:{message,type,code,error_subcode?,fbtrace_id}}`. */
export function graphError(
  status: number,
  e: { message: string; type?: string; code: number; error_subcode?: number; error_data?: object },
  headers?: Record<string, string>,
): FakeReply {
  return { status, headers, body: { error: { type: "OAuthException", ...e, fbtrace_id: trace() } } };
}

/** Errors tests script with `fake.fail({ match, ...META_ERRORS.x })`, worded as Meta words them. */
export const META_ERRORS = {
  invalidToken: graphError(401, { message: "Error validating access token: Session has expired on Tuesday, 01-Jul-25 10:00:00 PDT.", code: 190, error_subcode: 463 }),
  waWindowClosed: graphError(400, {
    message: "(#131047) Re-engagement message",
    code: 131047,
    error_data: { messaging_product: "whatsapp", details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
  }),
  waUndeliverable: graphError(400, {
    message: "(#131026) Message undeliverable",
    code: 131026,
    error_data: { messaging_product: "whatsapp", details: "Message Undeliverable." },
  }),
  waRateLimited: graphError(400, { message: "(#130429) Rate limit hit", code: 130429, error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." } }),
  messengerWindowClosed: graphError(400, { message: "(#10) This message is sent outside of allowed window.", code: 10, error_subcode: 2018278 }),
  instagramWindowClosed: graphError(400, { message: "(#10) This message is sent outside of allowed window.", code: 10, error_subcode: 2534022 }),
  personUnavailable: graphError(400, { message: "(#551) This person isn't available right now.", code: 551, error_subcode: 1545041 }),
  pageRateLimited: graphError(400, { message: "(#613) Calls to this api have exceeded the rate limit.", code: 613 }),
  serverError: graphError(500, { message: "An unexpected error has occurred. Please retry your request later.", type: "OAuthException", code: 2 }),
};

const invalidToken = () => graphError(401, { message: "Invalid OAuth access token - Cannot parse access token", code: 190 });
const badProof = () => graphError(400, { message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100 });
const unsupportedGet = (id: string, method = "get") =>
  graphError(400, {
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });
const badParam = (message: string, code = 100) => graphError(400, { message, code });

function bearer(req: RecordedRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith("Bearer ") ? h.slice(7) : req.query.access_token;
}

/** The tokens a host can parse: Facebook tokens on the Graph host, Instagram User tokens on the Instagram host. */
function knownTokens(s: MetaFakeState, host: MetaHost): Set<string> {
  const owners = host === "instagram" ? Object.values(s.instagramAccounts) : [...Object.values(s.phoneNumbers), ...Object.values(s.pages), ...Object.values(s.businessAccounts)];
  return new Set(owners.map((o) => o.token));
}

/** Meta checks the token first, then (when sent) appsecret_proof against the app the token belongs to. */
function authorize(req: RecordedRequest, s: MetaFakeState, host: MetaHost, owner: { token: string; appSecret?: string } | undefined, id: string): FakeReply | null {
  const token = bearer(req);
  if (!token || !knownTokens(s, host).has(token)) return invalidToken();
  if (!owner || owner.token !== token) return unsupportedGet(id, req.method === "GET" ? "get" : "post");
  const proof = req.query.appsecret_proof;
  if (proof !== undefined && owner.appSecret && proof !== createHmac("sha256", owner.appSecret).update(token).digest("hex")) return badProof();
  return null;
}

const nextId = (s: MetaFakeState) => s.nextMessageIds?.shift();

/** Instagram's text limit is 1000 bytes of UTF-8, not characters. */
export const INSTAGRAM_TEXT_MAX_BYTES = 1000;

const pick = (obj: Record<string, unknown>, fields: string | undefined) =>
  fields ? Object.fromEntries(fields.split(",").filter((f) => f in obj).map((f) => [f, obj[f]])) : obj;

/** What the fake reads from a send request: the WhatsApp Cloud API's fields and the Messenger/Instagram Send API's. */
type GraphSend = {
  [media: string]: unknown;
  messaging_product?: unknown;
  to?: unknown;
  type?: string;
  text?: { body?: string };
  recipient?: { id?: unknown };
  message?: { text?: string; attachment?: { payload?: { url?: string } } };
};

function profileReply(fake: FakeProvider<MetaFakeState>, id: string, fields: string | undefined): FakeReply {
  const p = fake.state.profiles[id]!;
  const profile = { first_name: p.first_name, last_name: p.last_name, name: p.name, username: p.username, profile_pic: p.picture ? `${fake.url}/cdn/${p.picture}` : undefined };
  return { status: 200, body: { ...pick(profile, fields), id } };
}

/** graph.facebook.com: WhatsApp phone numbers and media, Messenger pages, their users' profiles. */
function handleGraph(req: RecordedRequest, fake: FakeProvider<MetaFakeState>, parts: string[]): FakeReply {
  const s = fake.state;
  const [id, edge] = parts as [string, string | undefined];
  const json = (req.json ?? {}) as GraphSend;

  // Subscribing the app to a WhatsApp Business Account (no fields) or a Page (subscribed_fields).
  if (req.method === "POST" && edge === "subscribed_apps" && (s.businessAccounts[id] || s.pages[id])) {
    const denied = authorize(req, s, "graph", s.businessAccounts[id] ?? s.pages[id], id);
    if (denied) return denied;
    const fields = (req.query.subscribed_fields ?? "").split(",").filter(Boolean);
    if (s.pages[id] && !fields.length) return badParam("(#100) The parameter subscribed_fields is required.");
    s.subscriptions[id] = s.pages[id] ? fields : ["messages"];
    return { status: 200, body: { success: true } };
  }

  if (req.method === "GET" && !edge) {
    const fields = req.query.fields;
    const owner = s.phoneNumbers[id] ?? s.pages[id] ?? s.media[id] ?? s.profiles[id];
    const denied = authorize(req, s, "graph", owner, id);
    if (denied) return denied;
    if (s.phoneNumbers[id]) {
      const p = s.phoneNumbers[id];
      return { status: 200, body: { ...pick({ display_phone_number: p.display_phone_number, verified_name: p.verified_name, quality_rating: "GREEN" }, fields), id } };
    }
    if (s.pages[id]) return { status: 200, body: { ...pick({ name: s.pages[id].name }, fields), id } };
    if (s.media[id]) {
      const m = s.media[id];
      const size = Buffer.from(m.base64, "base64").length;
      return { status: 200, body: { messaging_product: "whatsapp", url: `${fake.url}/wa-media/${id}?ext=1`, mime_type: m.mime_type, sha256: "0".repeat(64), file_size: size, id } };
    }
    return profileReply(fake, id, fields);
  }

  if (req.method === "POST" && edge === "messages" && s.phoneNumbers[id]) {
    const denied = authorize(req, s, "graph", s.phoneNumbers[id], id);
    if (denied) return denied;
    if (json.messaging_product !== "whatsapp") return badParam("(#100) The parameter messaging_product is required.");
    // A phone number in `to`, or a business-scoped user id (CC.digits) in `recipient` — one of them.
    const to = typeof json.to === "string" && json.to ? json.to : undefined;
    const recipient = typeof json.recipient === "string" && json.recipient ? json.recipient : undefined;
    if (!to && !recipient) return badParam("(#100) The parameter to is required.");
    if (to && !/^\+?\d{5,20}$/.test(to)) return badParam("(#100) Invalid parameter: to must be a phone number; use recipient for a business-scoped user ID.");
    if (recipient && !/^[A-Z]{2}\.[A-Za-z0-9.]+$/.test(recipient)) return badParam("(#100) Invalid parameter: recipient is not a business-scoped user ID.");
    const type = json.type ?? "text";
    if (type === "text" && !json.text?.body) return badParam("(#100) The parameter text['body'] is required.");
    if (type !== "text") {
      const mediaId = (json[type] as { id?: string } | undefined)?.id;
      if (!mediaId || !s.uploads[mediaId]) return badParam(`(#100) Param ${type}['id'] is not a valid whatsapp business account media attachment ID`);
    }
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [to ? { input: to, wa_id: to } : { input: recipient, user_id: recipient }],
        messages: [{ id: nextId(s) ?? `wamid.${randomBytes(18).toString("base64url")}` }],
      },
    };
  }

  if (req.method === "POST" && edge === "media" && s.phoneNumbers[id]) {
    const denied = authorize(req, s, "graph", s.phoneNumbers[id], id);
    if (denied) return denied;
    const f = req.multipart ?? {};
    const file = f.file;
    if (f.messaging_product !== "whatsapp") return badParam("(#100) The parameter messaging_product is required.");
    if (!file || typeof file === "string") return badParam("(#100) The parameter file is required.");
    const mediaId = String(1_000_000_000_000_000 + Object.keys(s.uploads).length + Math.floor(Math.random() * 1e9));
    s.uploads[mediaId] = { phoneNumberId: id, filename: file.filename, contentType: file.contentType, size: file.size };
    return { status: 200, body: { id: mediaId } };
  }

  if (req.method === "POST" && edge === "messages") {
    // An Instagram account id here (with its Instagram User token) is the mistake this host refuses:
    // the token does not parse (190) before the id is even looked at.
    const denied = authorize(req, s, "graph", s.pages[id], id);
    if (denied) return denied;
    return sendApiMessage(req, s, json);
  }

  return graphError(400, { message: `Unknown path components: /${parts.slice(1).join("/")}`, code: 2500 });
}

/** The Messenger-style Send API both hosts share: `{recipient:{id}, message:{text | attachment}}`. */
function sendApiMessage(req: RecordedRequest, s: MetaFakeState, json: GraphSend, maxTextBytes?: number): FakeReply {
  const recipient = json.recipient?.id;
  if (typeof recipient !== "string" || !recipient) return badParam("(#100) The parameter recipient is required");
  const msg = json.message;
  if (!msg || (!msg.text && !msg.attachment)) return badParam("(#100) Must send either message or sender action");
  if (msg.attachment && !msg.attachment.payload?.url) return badParam("(#100) param message[attachment][payload][url] must be a valid URL");
  if (maxTextBytes !== undefined && msg.text && Buffer.byteLength(msg.text, "utf8") > maxTextBytes) {
    return badParam(`(#100) Length of param message[text] must be less than or equal to ${maxTextBytes}`);
  }
  return { status: 200, body: { recipient_id: recipient, message_id: nextId(s) ?? `m_${randomBytes(24).toString("base64url")}` } };
}

/** graph.instagram.com: the Instagram API with Instagram Login, for Instagram User tokens only. */
function handleInstagram(req: RecordedRequest, fake: FakeProvider<MetaFakeState>, parts: string[]): FakeReply {
  const s = fake.state;
  const [rawId, edge] = parts as [string, string | undefined];
  const json = (req.json ?? {}) as GraphSend;
  // `me` is the account the token belongs to.
  const token = bearer(req);
  const id = rawId === "me" ? (Object.entries(s.instagramAccounts).find(([, a]) => a.token === token)?.[0] ?? rawId) : rawId;
  const account = s.instagramAccounts[id];

  if (req.method === "GET" && !edge) {
    const fields = req.query.fields;
    const denied = authorize(req, s, "instagram", account ?? s.profiles[id], rawId);
    if (denied) return denied;
    if (account) {
      const node = { user_id: id, username: account.username, name: account.name, account_type: "BUSINESS" };
      return { status: 200, body: { ...pick(node, fields), id: account.appScopedId ?? id } };
    }
    return profileReply(fake, id, fields);
  }

  if (req.method === "POST" && edge === "messages") {
    const denied = authorize(req, s, "instagram", account, rawId);
    if (denied) return denied;
    return sendApiMessage(req, s, json, INSTAGRAM_TEXT_MAX_BYTES);
  }

  return graphError(400, { message: `Unknown path components: /${parts.slice(1).join("/")}`, code: 2500 });
}

/** A fake Meta host; `host` decides which API it is (default the Graph API). */
export function createMetaFake(state: MetaFakeState = metaFakeDefaults(), host: MetaHost = "graph"): FakeProvider<MetaFakeState> {
  return new FakeProvider<MetaFakeState>(host === "instagram" ? "instagram" : "meta", state, (req, fake) => {
    const parts = req.path.split("/").filter(Boolean);
    if (req.method === "GET" && parts[0] === "cdn" && parts[1]) {
      const f = fake.state.cdn[decodeURIComponent(parts[1])];
      if (!f) return { status: 404, body: "Not found", headers: { "content-type": "text/plain" } };
      return { status: 200, body: Buffer.from(f.base64, "base64") as unknown as string, headers: { "content-type": f.contentType } };
    }
    if (host === "graph" && req.method === "GET" && parts[0] === "wa-media" && parts[1]) {
      const m = fake.state.media[parts[1]];
      if (!m || bearer(req) !== m.token) return { status: 401, body: "Unauthorized", headers: { "content-type": "text/plain" } };
      return { status: 200, body: Buffer.from(m.base64, "base64") as unknown as string, headers: { "content-type": m.mime_type } };
    }
    if (parts[0] !== GRAPH_VERSION || !parts[1]) return graphError(400, { message: "Unknown path components", code: 2500 });
    return host === "instagram" ? handleInstagram(req, fake, parts.slice(1)) : handleGraph(req, fake, parts.slice(1));
  });
}

/** graph.instagram.com's fake (INSTAGRAM_API_URL). */
export const createInstagramFake = (state: MetaFakeState = metaFakeDefaults()) => createMetaFake(state, "instagram");
