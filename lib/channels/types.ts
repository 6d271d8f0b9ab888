import type { ZodType } from "zod";

export const CHANNEL_TYPES = [
  "website",
  "email",
  "whatsapp",
  "telegram",
  "api",
  "facebook",
  "instagram",
  "line",
  "sms",
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** A webhook request exactly as received: the raw bytes are what signatures cover. */
export type RawRequest = {
  method: string;
  /** The URL the provider called, rebuilt from APP_URL (never from the Host header). */
  url: string;
  headers: Headers;
  query: URLSearchParams;
  body: Buffer;
};

/** What an adapter needs to know about its inbox; secrets are already decrypted. */
export type InboxContext<Config = Record<string, unknown>, Secrets = Record<string, unknown>, Generated = Record<string, string>> = {
  id: string;
  name: string;
  publicId: string;
  webhookUrl: string;
  config: Config;
  secrets: Secrets;
  generated: Generated;
};

/**
 * A credential check's answer. `facts` are details only the provider knows (a bot's @username, a
 * number's display form, a page name), stored with the settings; a key set to undefined removes a
 * stale one. The adapter never writes them into the config it is given.
 */
export type Check = { ok: true; channelKey?: string; facts?: Record<string, unknown> } | { ok: false; message: string };

export type VerifyResult = { ok: true } | { ok: false; message: string };

export type InboundContact = {
  sourceId: string;
  /**
   * A second id the channel knows the same person by in this inbox (WhatsApp: the business-scoped
   * user id beside the phone number). Either id finds the contact's identity; ingestion links them.
   */
  aliasSourceId?: string;
  name?: string;
  email?: string;
  phone?: string;
};

/**
 * A file the provider holds for an inbound message. It is downloaded after the message is
 * stored (a `fetch-media` job calls the adapter's `fetchMedia(ref)`), so the webhook answers fast.
 */
export type InboundMedia = {
  /** What `fetchMedia` needs to download it: a file id, a media id or a URL. */
  ref: string;
  kind: "image" | "audio" | "video" | "file" | "sticker";
  name?: string;
  contentType?: string;
};

/** Bytes downloaded from a provider. `contentType` is the provider's claim; storage re-checks it. */
export type FetchedMedia = { bytes: Uint8Array; contentType?: string; name?: string };

/** What a provider tells about a contact; fetched once, when the contact first writes. */
export type ContactProfile = { name?: string; avatar?: { bytes: Uint8Array; contentType: string } };

export type InboundEvent =
  | {
      type: "message";
      contact: InboundContact;
      message: {
        sourceId: string;
        content: string;
        attachments?: { name: string; contentType: string; size: number; url: string }[];
        /** Provider-held files, fetched into the app's attachment storage after the message is stored. */
        media?: InboundMedia[];
        createdAt?: Date;
        subject?: string;
        /** The list's one-line preview when it should not start from `content` (mail: without the quoted history). */
        preview?: string;
        /** Email: which of the inbox's own addresses (its address, its aliases) the mail was sent to; rules' `recipient`. */
        recipients?: string[];
        /** Email-style threading: provider ids this message replies to. Chat channels omit it. */
        references?: string[];
        /**
         * Of `references`, those naming a message the sender was an addressee of (the adapter checked
         * its To and Cc). The sender may join that message's conversation even if it is not theirs.
         */
        addressedReferences?: string[];
      };
    }
  | {
      type: "status";
      sourceId: string;
      status: "sent" | "delivered" | "read" | "failed";
      error?: string;
      /**
       * Our own message id, when the provider echoes it back (Bandwidth `tag`, a query on Twilio's
       * StatusCallback): matches the reply even before its provider id was stored.
       */
      messageId?: string;
      /**
       * The provider reports each part of a multi-part reply on its own (SMS: one provider message
       * per part, `sourceId` the part's id) and names the reply in `messageId`: the reply's status
       * is computed over all its parts (failed if any failed; delivered when all are).
       */
      part?: true;
    }
  | {
      /**
       * "Everything we sent this customer up to this moment has reached them / been read": Messenger's
       * delivery and read watermarks, which name no message.
       */
      type: "watermark";
      status: "delivered" | "read";
      contactSourceId: string;
      upTo: Date;
    };

export type ParseResult = { ok: true; events: InboundEvent[] } | { ok: false; issues: string[] };

/** An agent's attachment on its way out: providers either upload the bytes or fetch the signed URL. */
export type OutboundAttachment = {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Absolute URL anyone holding it may fetch for a limited time (for providers that fetch media by URL). */
  publicUrl: string;
  read(): Promise<Buffer>;
};

export type OutboundMessage = {
  id: string;
  conversationId: string;
  conversationNumber: number;
  content: string;
  attachments: OutboundAttachment[];
  createdAt: Date;
  sender: { id: string; name: string } | null;
  contact: { id: string; sourceId: string | null; name: string | null; email: string | null; phone: string | null };
  /** Multi-part replies: what earlier attempts delivered, and how to record each part (lib/channels/shared/parts.ts). */
  progress?: DeliveryProgress;
  /** Email: the copies the agent chose (plain addresses); absent, the channel's reply-all rule decides. */
  cc?: string[];
};

/**
 * A reply that becomes several provider messages must not repeat the ones that already reached
 * the customer when a later part fails transiently and the job retries.
 */
export type DeliveryProgress = {
  /** Provider ids of the parts delivered by earlier attempts, in order. */
  readonly sent: readonly string[];
  /** Records one more delivered part before the next is attempted. */
  partSent(providerId: string): Promise<void>;
};

/** A conversation-level change some channels forward to the integrator (the api channel's callback). */
export type ChannelEvent = { event: string; id: string; createdAt: string; data: unknown };

/**
 * A provider refusal that retrying will not fix (blocked user, invalid recipient, closed
 * 24-hour window). The message is what the agent reads: plain words, not an error code.
 * `credentials: true` when the provider rejected our credentials, `inbox: true` for other
 * problems of the connection itself (e.g. an integrator's callback refusing everything): either
 * puts the inbox into "needs attention"; a single customer's refusal does not.
 */
export class PermanentDeliveryError extends Error {
  readonly credentials: boolean;
  readonly needsAttention: boolean;
  constructor(message: string, opts: { credentials?: boolean; inbox?: boolean } = {}) {
    super(message);
    this.credentials = opts.credentials ?? false;
    this.needsAttention = this.credentials || (opts.inbox ?? false);
  }
}

/** A failure worth retrying (5xx, timeout, rate limit). `retryAfterSeconds` honours the provider's Retry-After. */
export class TransientDeliveryError extends Error {
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, opts: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

/** The answer to a subscription handshake (Meta's GET `hub.challenge`). */
export type HandshakeResult = { status: 200 | 403; body: string };

/** One stored inbound message, as the webhook pipeline learns it from ingestion. */
export type IngestedMessage = { conversationId: string; messageId: string; created: boolean };

/** A webhook's success answer: JSON `body`, or a `raw` document when the provider wants one (Twilio's TwiML). */
export type WebhookAnswer = { status: 200 | 201; body: unknown; raw?: { contentType: string; body: string } };

/*
 * Settings as the registry holds them, whatever the channel. Each adapter's own schemas gave them
 * their real shape when they were saved; defineChannel (lib/channels/define.ts) is where the one
 * adapter-typed view is recovered.
 */
export type StoredConfig = Record<string, unknown>;
export type StoredSecrets = Record<string, unknown>;
export type StoredGenerated = Record<string, string>;

/** The inbox an adapter's functions receive, typed by that adapter's schemas. */
type Ctx<Config, Secrets, Generated> = InboxContext<Config, Secrets, Generated>;

/** The half of a channel that receives provider webhooks. A channel without one has no webhook URL. */
export type WebhookDefinition<Config, Secrets, Generated> = {
  /** Signature or token check on the raw request; a failure answers 401 and nothing is read. */
  verify: (req: RawRequest, inbox: Ctx<Config, Secrets, Generated>) => VerifyResult;
  /** The verified body as normalised events. */
  parse: (req: RawRequest, inbox: Ctx<Config, Secrets, Generated>) => ParseResult;
  /** GET on the webhook URL (Meta's `hub.mode=subscribe` handshake). Without one a GET answers 405. */
  handshake?: (query: URLSearchParams, inbox: Ctx<Config, Secrets, Generated>) => HandshakeResult;
  /**
   * A correctly signed body that does not parse: "reject" answers 400 with the issues (an
   * integrator can fix its call); "ignore" (the default) logs it and acknowledges, because a
   * provider would only redeliver it.
   */
  unparseable?: "reject" | "ignore";
  /** The plain acknowledgement; default `{"ok":true}` (Twilio expects an empty TwiML document). */
  ack?: WebhookAnswer;
  /** What a stored delivery answers; default `ack` (the api channel answers with the ids it stored). */
  answer?: (results: readonly IngestedMessage[]) => WebhookAnswer;
};

/** What one channel folder declares (lib/channels/define.ts fills in the rest). */
export type ChannelDefinition<T extends ChannelType, Config, Secrets, Generated extends StoredGenerated> = {
  type: T;
  /** The `channel` object of POST /api/v1/inboxes (without `type`), secret fields included. */
  inputSchema: ZodType;
  /** Which input fields are credentials: encrypted at rest, masked on the way out. Default none. */
  secretFields?: readonly string[];
  configSchema: ZodType<Config>;
  secretsSchema: ZodType<Secrets>;
  /** Values Konversio generates for the integrator, shown to administrators (given the new inbox's settings). Default none. */
  generate?: (config: Config) => Generated;
  /** Generated values only the provider needs (e.g. Telegram's secret token): never shown or returned. */
  internalGenerated?: readonly (keyof Generated & string)[];
  /** Names of generated values an administrator may regenerate. Default none. */
  regenerable?: readonly (keyof Generated & string)[];
  checkCredentials: (config: Config, secrets: Secrets) => Promise<Check>;
  /** Provider-side registration (Telegram setWebhook). Throwing aborts the creation: nothing is saved. */
  onCreate?: (inbox: Ctx<Config, Secrets, Generated>) => Promise<void>;
  /** Called when credentials or settings change (e.g. a new bot token: move the webhook). Throwing aborts the change. */
  onUpdate?: (before: Ctx<Config, Secrets, Generated>, after: Ctx<Config, Secrets, Generated>) => Promise<void>;
  /** Provider-side clean-up on deletion (Telegram deleteWebhook); failures are logged, never block the deletion. */
  onDelete?: (inbox: Ctx<Config, Secrets, Generated>) => Promise<void>;
  /** Absent for channels that do not receive provider webhooks (the website widget has its own endpoints, email reads IMAP). */
  webhook?: WebhookDefinition<Config, Secrets, Generated>;
  /** Downloads one `InboundMedia.ref` through the provider API (job context: throwing Transient retries). */
  fetchMedia?: (ref: string, inbox: Ctx<Config, Secrets, Generated>) => Promise<FetchedMedia>;
  /** The contact's name and picture where the provider offers a profile; null when it has none. */
  fetchProfile?: (contactSourceId: string, inbox: Ctx<Config, Secrets, Generated>) => Promise<ContactProfile | null>;
  /**
   * Delivers an agent reply; returns the provider's id for status updates. Throws
   * PermanentDeliveryError (no retry, shown to the agent) or TransientDeliveryError / any
   * other error (retried with backoff, honouring `retryAfterSeconds`).
   */
  send: (message: OutboundMessage, inbox: Ctx<Config, Secrets, Generated>) => Promise<{ sourceId: string }>;
  /**
   * Whether sending the same reply again is harmless because the other side drops the repeat
   * (LINE's X-Line-Retry-Key, the api channel's message id, the widget's own store). Only then is
   * a send that was interrupted mid-call (the app killed, the database gone) simply retried;
   * otherwise the reply is failed with words saying it may have gone out (docs/architecture.md §6.5).
   */
  resendIsHarmless?: boolean;
  /**
   * Why this channel would refuse a file an agent attaches (e.g. Twilio's MMS size rules), in words
   * for the composer; null when it can go. Checked at upload, so the agent hears it before sending.
   */
  outboundFileProblem?: (file: { name: string; contentType: string; size: number }, inbox: Ctx<Config, Secrets, Generated>) => string | null;
  /** Forwards conversation changes, for channels that have somewhere to forward them. */
  notify?: (event: ChannelEvent, inbox: Ctx<Config, Secrets, Generated>) => Promise<void>;
  /** Whether `notify` has anywhere to go for this inbox (so no job is queued for nothing). */
  wantsEvents?: (inbox: { config: Config }) => boolean;
};

/** A webhook half with its defaults filled in. */
export type Webhook<Config = StoredConfig, Secrets = StoredSecrets, Generated = StoredGenerated> = Required<
  Omit<WebhookDefinition<Config, Secrets, Generated>, "handshake">
> &
  Pick<WebhookDefinition<Config, Secrets, Generated>, "handshake">;

type Defaulted = "secretFields" | "internalGenerated" | "regenerable";

/** A definition with defineChannel's defaults filled in, still typed by the adapter's schemas. */
export type ResolvedChannel<T extends ChannelType, Config, Secrets, Generated extends StoredGenerated> = Omit<
  ChannelDefinition<T, Config, Secrets, Generated>,
  Defaulted | "generate" | "webhook"
> &
  Required<Pick<ChannelDefinition<T, Config, Secrets, Generated>, Defaulted>> & {
    /** A channel that generates nothing answers `{}`. */
    generate: (config: Config) => Partial<Generated>;
    webhook: Webhook<Config, Secrets, Generated> | null;
  };

/**
 * A channel as the rest of the app uses it (from the registry): defaults filled in, settings
 * typed as stored. `webhook` is null for channels that receive no provider webhooks.
 */
export type ChannelAdapter<T extends ChannelType = ChannelType> = ResolvedChannel<T, StoredConfig, StoredSecrets, StoredGenerated>;
