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

export type Check = { ok: true; channelKey?: string } | { ok: false; message: string };

export type VerifyResult = { ok: true } | { ok: false; message: string };

export type InboundContact = { sourceId: string; name?: string; email?: string; phone?: string };

export type InboundEvent =
  | {
      type: "message";
      contact: InboundContact;
      message: {
        sourceId: string;
        content: string;
        attachments?: { name: string; contentType: string; size: number; url: string }[];
        createdAt?: Date;
        subject?: string;
        /** Email-style threading: provider ids this message replies to. Chat channels omit it. */
        references?: string[];
      };
    }
  | {
      type: "status";
      sourceId: string;
      status: "sent" | "delivered" | "read" | "failed";
      error?: string;
    };

export type ParseResult = { ok: true; events: InboundEvent[] } | { ok: false; issues: string[] };

export type OutboundMessage = {
  id: string;
  conversationId: string;
  conversationNumber: number;
  content: string;
  attachments: { name: string; contentType: string; size: number; url: string }[];
  createdAt: Date;
  sender: { id: string; name: string } | null;
  contact: { id: string; sourceId: string | null; name: string | null; email: string | null; phone: string | null };
};

/** A conversation-level change some channels forward to the integrator (the api channel's callback). */
export type ChannelEvent = { event: string; id: string; createdAt: string; data: unknown };

/** A provider refusal that retrying will not fix (blocked user, invalid recipient). */
export class PermanentDeliveryError extends Error {}

export interface ChannelAdapter<Config = any, Secrets = any, Generated extends Record<string, string> = any> {
  type: ChannelType;
  /** The `channel` object of POST /api/v1/inboxes (without `type`), secret fields included. */
  inputSchema: ZodType;
  /** Which input fields are credentials: encrypted at rest, masked on the way out. */
  secretFields: readonly string[];
  configSchema: ZodType<Config>;
  secretsSchema: ZodType<Secrets>;
  /** False for channels that do not receive provider webhooks (the website widget has its own endpoints). */
  usesWebhook?: boolean;
  /** Values Konversio generates for the integrator, shown to administrators. */
  generate(): Generated;
  /** Names of generated values an administrator may regenerate. */
  regenerable: readonly (keyof Generated & string)[];
  checkCredentials(config: Config, secrets: Secrets): Promise<Check>;
  onCreate?(inbox: InboxContext<Config, Secrets, Generated>): Promise<void>;
  onDelete?(inbox: InboxContext<Config, Secrets, Generated>): Promise<void>;
  verifyRequest(req: RawRequest, inbox: InboxContext<Config, Secrets, Generated>): VerifyResult;
  parseInbound(req: RawRequest, inbox: InboxContext<Config, Secrets, Generated>): ParseResult;
  /** Delivers an agent reply; returns the provider's id for status updates. */
  send(message: OutboundMessage, inbox: InboxContext<Config, Secrets, Generated>): Promise<{ sourceId: string }>;
  /** Forwards conversation changes, for channels that have somewhere to forward them. */
  notify?(event: ChannelEvent, inbox: InboxContext<Config, Secrets, Generated>): Promise<void>;
  /** Whether `notify` has anywhere to go for this inbox (so no job is queued for nothing). */
  wantsEvents?(inbox: { config: Config }): boolean;
}
