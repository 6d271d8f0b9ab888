import { FakeProvider, type FakeReply, type RecordedRequest } from "./base";

/*
 * A fake Telegram Bot API: `/bot<token>/<method>` and `/file/bot<token>/<file_path>`, answering
 * exactly like api.telegram.org — `{ok:true,result}` or `{ok:false,error_code,description}`
 * (401 "Unauthorized" for a token it does not know, 404 "Not Found" for an unknown method).
 * Its state is plain JSON so Playwright specs can extend it over /__fake/state.
 *
 * It also plays Telegram's other half: `webhookOf` tells where setWebhook pointed a bot and with
 * which secret token, and `updates` builds update bodies shaped like the ones Telegram posts.
 */

export type FakeBot = { id: number; first_name: string; username: string };
/** A file the bot may download: bytes as base64 so the state stays JSON. */
export type FakeFile = { file_path: string; base64: string; file_size?: number };
export type FakeProfile = { first_name: string; last_name?: string; username?: string; photoFileId?: string };
export type FakeWebhook = { url: string; secret_token?: string; allowed_updates?: string[] };

export type TelegramFakeState = {
  /** Valid bot tokens → the bot getMe describes. */
  bots: Record<string, FakeBot>;
  /** Registered webhooks by bot id. */
  webhooks: Record<string, FakeWebhook>;
  /** file_id → file. */
  files: Record<string, FakeFile>;
  /** user id (= private chat id) → profile for getChat / getUserProfilePhotos. */
  profiles: Record<string, FakeProfile>;
  /** Chats whose user blocked the bots: sends answer 403 like Telegram. */
  blocked: string[];
  /** Real Telegram refuses http:// webhooks; local tests run on http, so this is opt-in. */
  requireHttps: boolean;
  nextMessageId: number;
};

export const FAKE_BOT_TOKEN = "7000001:AAFakeKonversioSupportBotToken_001";
export const FAKE_BOT_TOKEN_2 = "7000002:AAFakeKonversioSalesBotToken__002";
/** Same bot as FAKE_BOT_TOKEN after "Revoke current token" in BotFather. */
export const FAKE_BOT_TOKEN_ROTATED = "7000001:AAFakeKonversioSupportBotToken_new";
export const FAKE_CUSTOMER = { id: 424242, first_name: "Tanya", last_name: "Ivanova", username: "tanya_iv" };
/** A tiny JPEG; storage recognises images by their signature (FF D8 FF), which these bytes carry. */
export const TINY_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=",
  "base64",
);

export function initialTelegramState(): TelegramFakeState {
  return {
    bots: {
      [FAKE_BOT_TOKEN]: { id: 7000001, first_name: "Acme Support", username: "acme_support_bot" },
      [FAKE_BOT_TOKEN_2]: { id: 7000002, first_name: "Acme Sales", username: "acme_sales_bot" },
      [FAKE_BOT_TOKEN_ROTATED]: { id: 7000001, first_name: "Acme Support", username: "acme_support_bot" },
    },
    webhooks: {},
    files: {
      "photo-large": { file_path: "photos/file_1.jpg", base64: TINY_JPEG.toString("base64") },
      "avatar-tanya": { file_path: "profile_photos/file_2.jpg", base64: TINY_JPEG.toString("base64") },
      "voice-1": { file_path: "voice/file_3.oga", base64: Buffer.from("OggS fake opus").toString("base64") },
      // Telegram's getFile refuses anything over 20 MB; the size is what it checks.
      "huge-video": { file_path: "videos/file_4.mp4", base64: "", file_size: 25 * 1024 * 1024 },
    },
    profiles: { [String(FAKE_CUSTOMER.id)]: { ...FAKE_CUSTOMER, photoFileId: "avatar-tanya" } },
    blocked: [],
    requireHttps: false,
    nextMessageId: 1000,
  };
}

const ok = (result: unknown, description?: string): FakeReply => ({ status: 200, body: { ok: true, result, ...(description ? { description } : {}) } });
const err = (status: number, description: string): FakeReply => ({ status, body: { ok: false, error_code: status, description } });

/** Telegram takes parameters as JSON, form fields, multipart or the query string. */
function paramsOf(req: RecordedRequest): Record<string, unknown> {
  if (req.json && typeof req.json === "object") return req.json as Record<string, unknown>;
  return { ...req.query, ...req.form, ...req.multipart };
}

const EXT_TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", mp4: "video/mp4", pdf: "application/pdf" };

function botUser(bot: FakeBot) {
  return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username };
}

function chatOf(state: TelegramFakeState, chatId: string) {
  const p = state.profiles[chatId];
  return { id: Number(chatId), type: "private", ...(p ? { first_name: p.first_name, last_name: p.last_name, username: p.username } : {}) };
}

function sendChecks(state: TelegramFakeState, p: Record<string, unknown>): FakeReply | null {
  const chatId = String(p.chat_id ?? "");
  if (!chatId) return err(400, "Bad Request: chat_id is empty");
  if (!/^-?\d+$/.test(chatId)) return err(400, "Bad Request: chat not found");
  if (state.blocked.includes(chatId)) return err(403, "Forbidden: bot was blocked by the user");
  return null;
}

function handle(req: RecordedRequest, fake: FakeProvider<TelegramFakeState>): FakeReply {
  const state = fake.state;
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.path);
  if (download) {
    if (!state.bots[download[1]!]) return err(401, "Unauthorized");
    const path = decodeURIComponent(download[2]!);
    const f = Object.values(state.files).find((x) => x.file_path === path);
    if (!f) return err(404, "Not Found");
    const type = EXT_TYPES[path.split(".").pop() ?? ""] ?? "application/octet-stream";
    return { status: 200, body: Buffer.from(f.base64, "base64"), headers: { "content-type": type } };
  }
  const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
  if (!call) return err(404, "Not Found");
  const bot = state.bots[call[1]!];
  if (!bot) return err(401, "Unauthorized");
  const method = call[2]!.toLowerCase();
  const p = paramsOf(req);
  const chatId = String(p.chat_id ?? "");
  const message = (extra: object) => ({ message_id: state.nextMessageId++, from: botUser(bot), chat: chatOf(state, chatId), date: Math.floor(Date.now() / 1000), ...extra });

  switch (method) {
    case "getme":
      return ok({ ...botUser(bot), can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
    case "setwebhook": {
      const url = String(p.url ?? "");
      if (!url) {
        delete state.webhooks[bot.id];
        return ok(true, "Webhook was deleted");
      }
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return err(400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known");
      }
      if (parsed.protocol !== "https:" && (state.requireHttps || parsed.protocol !== "http:")) {
        return err(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
      }
      const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return err(400, "Bad Request: secret token contains unallowed characters");
      const allowed = typeof p.allowed_updates === "string" ? JSON.parse(p.allowed_updates) : p.allowed_updates;
      state.webhooks[bot.id] = { url, secret_token: secret, allowed_updates: allowed as string[] | undefined };
      return ok(true, "Webhook was set");
    }
    case "deletewebhook": {
      const had = Boolean(state.webhooks[bot.id]);
      delete state.webhooks[bot.id];
      return ok(true, had ? "Webhook was deleted" : "Webhook is already deleted");
    }
    case "getwebhookinfo": {
      const w = state.webhooks[bot.id];
      return ok({ url: w?.url ?? "", has_custom_certificate: false, pending_update_count: 0, ...(w?.allowed_updates ? { allowed_updates: w.allowed_updates } : {}) });
    }
    case "sendmessage": {
      const refused = sendChecks(state, p);
      if (refused) return refused;
      const text = String(p.text ?? "");
      if (!text.trim()) return err(400, "Bad Request: message text is empty");
      if (text.length > 4096) return err(400, "Bad Request: message is too long");
      return ok(message({ text }));
    }
    case "sendphoto":
    case "senddocument": {
      const field = method === "sendphoto" ? "photo" : "document";
      const refused = sendChecks(state, p);
      if (refused) return refused;
      const upload = p[field];
      if (!upload) return err(400, `Bad Request: there is no ${field} in the request`);
      const caption = typeof p.caption === "string" ? p.caption : undefined;
      if (caption && caption.length > 1024) return err(400, "Bad Request: message caption is too long");
      const fileId = `sent-${state.nextMessageId}`;
      const media =
        field === "photo"
          ? { photo: [{ file_id: fileId, file_unique_id: fileId, width: 90, height: 90 }] }
          : { document: { file_id: fileId, file_unique_id: fileId, ...(typeof upload === "object" ? { file_name: (upload as { filename: string }).filename } : {}) } };
      return ok(message({ ...media, ...(caption ? { caption } : {}) }));
    }
    case "getfile": {
      const id = String(p.file_id ?? "");
      const f = state.files[id];
      if (!f) return err(400, "Bad Request: invalid file_id");
      const size = f.file_size ?? Buffer.from(f.base64, "base64").length;
      if (size > 20 * 1024 * 1024) return err(400, "Bad Request: file is too big");
      return ok({ file_id: id, file_unique_id: `u-${id}`, file_size: size, file_path: f.file_path });
    }
    case "getchat": {
      const profile = state.profiles[chatId];
      if (!profile) return err(400, "Bad Request: chat not found");
      return ok(chatOf(state, chatId));
    }
    case "getuserprofilephotos": {
      const profile = state.profiles[String(p.user_id ?? "")];
      if (!profile) return err(400, "Bad Request: user not found");
      const photos = profile.photoFileId
        ? [
            [
              { file_id: `${profile.photoFileId}-small`, file_unique_id: "s", width: 160, height: 160 },
              { file_id: profile.photoFileId, file_unique_id: "l", width: 640, height: 640 },
            ],
          ]
        : [];
      return ok({ total_count: photos.length, photos });
    }
    default:
      return err(404, "Not Found");
  }
}

export function createTelegramFake(): FakeProvider<TelegramFakeState> {
  return new FakeProvider("telegram", initialTelegramState(), handle);
}

/** Where setWebhook pointed a bot, and the secret token Telegram would send with every update. */
export function webhookOf(fake: FakeProvider<TelegramFakeState>, botId: number): FakeWebhook | undefined {
  return fake.state.webhooks[botId];
}

/* ---------------------------------------------------------------- update bodies, shaped like Telegram's */

type From = { id: number; first_name: string; last_name?: string; username?: string; is_bot?: boolean };
let updateSeq = 900_000;

export type FakeMessage = { message_id: number; date: number; edit_date?: number; chat: { id: number; type: string; [field: string]: unknown }; [field: string]: unknown };
export type FakeUpdate = { update_id: number; message?: FakeMessage; edited_message?: FakeMessage };

/** A private-chat message update from `from` (the customer) with whatever content fields are given. */
export function messageUpdate(
  content: Record<string, unknown>,
  opts: { from?: From; messageId?: number; chatType?: string; chatId?: number; edited?: boolean } = {},
): FakeUpdate {
  const from = opts.from ?? FAKE_CUSTOMER;
  const now = Math.floor(Date.now() / 1000);
  const msg: FakeMessage = {
    message_id: opts.messageId ?? ++updateSeq,
    from: { is_bot: false, language_code: "en", ...from },
    chat: opts.chatType && opts.chatType !== "private" ? { id: opts.chatId ?? -100123, type: opts.chatType, title: "Acme fans" } : { id: opts.chatId ?? from.id, type: "private", first_name: from.first_name, last_name: from.last_name, username: from.username },
    date: now - (opts.edited ? 60 : 0),
    ...(opts.edited ? { edit_date: now } : {}),
    ...content,
  };
  return { update_id: ++updateSeq, ...(opts.edited ? { edited_message: msg } : { message: msg }) };
}

export const updates = {
  text: (text: string, opts?: Parameters<typeof messageUpdate>[1]) => messageUpdate({ text }, opts),
  photo: (caption?: string, opts?: Parameters<typeof messageUpdate>[1]) =>
    messageUpdate(
      {
        photo: [
          { file_id: "photo-small", file_unique_id: "ps", width: 90, height: 67, file_size: 1200 },
          { file_id: "photo-large", file_unique_id: "pl", width: 1280, height: 960, file_size: 90_000 },
          { file_id: "photo-medium", file_unique_id: "pm", width: 320, height: 240, file_size: 9_000 },
        ],
        ...(caption ? { caption } : {}),
      },
      opts,
    ),
};
