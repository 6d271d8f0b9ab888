import { z } from "zod";

/*
 * LINE Messaging API shapes (https://developers.line.biz/en/reference/messaging-api/), in LINE's
 * own field names. Webhook events are parsed one at a time so that an event type LINE adds
 * tomorrow is skipped instead of failing the whole batch.
 */

// ── What the admin types (and what Konversio keeps) ─────────────────────────────────────────────

const trimmed = (label: string, max: number) => z.string(`Enter the ${label}`).trim().min(1, `Enter the ${label}`).max(max);

/** Facts about the bot read from LINE (`GET /v2/bot/info`) when the credentials are checked. */
export const botFactsSchema = z.object({
  /** The bot's user id: what webhooks name as `destination`. */
  botUserId: z.string().max(64).optional(),
  /** "@123abcde": what customers search for to add the account as a friend. */
  basicId: z.string().max(64).optional(),
  botName: z.string().max(200).optional(),
});

/**
 * PostgreSQL's jsonb stores object keys sorted by length, then bytes. The inbox update compares
 * the stored config with the parsed input as JSON text, so the input is put in that same order;
 * otherwise every edit would look like a change and re-ask LINE.
 */
function inJsonbKeyOrder<T extends Record<string, unknown>>(value: T): T {
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as T;
}

export const lineInputSchema = z.object({
  channelId: trimmed("channel ID", 32).regex(/^\d+$/, "The channel ID is a number, e.g. 1234567890 (Basic settings tab)"),
  channelSecret: trimmed("channel secret", 128).regex(/^[0-9a-fA-F]+$/, "The channel secret is 32 hexadecimal characters (Basic settings tab)"),
  channelAccessToken: trimmed("channel access token", 2000).regex(/^\S+$/, "The channel access token has no spaces: copy it again from the Messaging API tab"),
  // Read-only: checkCredentials replaces whatever is sent with LINE's answer. Accepted here only so
  // that the stored values survive an edit of the other fields.
  ...botFactsSchema.shape,
}).transform(inJsonbKeyOrder);

export const lineConfigSchema = z.object({ channelId: z.string(), ...botFactsSchema.shape });
export const lineSecretsSchema = z.object({ channelSecret: z.string(), channelAccessToken: z.string() });

export type LineConfig = z.infer<typeof lineConfigSchema>;
export type LineSecrets = z.infer<typeof lineSecretsSchema>;

// ── LINE API answers ─────────────────────────────────────────────────────────────────────────────

/** Every LINE error body: `{message, details?: [{message, property}]}`. */
export const lineErrorSchema = z.object({
  message: z.string(),
  details: z.array(z.object({ message: z.string().optional(), property: z.string().optional() })).optional(),
});

export const botInfoSchema = z.object({
  userId: z.string().min(1),
  basicId: z.string().optional(),
  premiumId: z.string().optional(),
  displayName: z.string().optional(),
  pictureUrl: z.string().optional(),
});

export const profileSchema = z.object({
  userId: z.string().optional(),
  displayName: z.string().optional(),
  pictureUrl: z.string().optional(),
  statusMessage: z.string().optional(),
  language: z.string().optional(),
});

/** The push answer; LINE repeats it in the 409 body of an already accepted retry key. */
export const pushResponseSchema = z.object({
  sentMessages: z.array(z.object({ id: z.string(), quoteToken: z.string().optional() })).optional(),
});

// ── Webhooks ─────────────────────────────────────────────────────────────────────────────────────

export const webhookBodySchema = z.object({
  destination: z.string().optional(),
  events: z.array(z.unknown()),
});

const contentProvider = z.object({
  type: z.enum(["line", "external"]),
  originalContentUrl: z.string().optional(),
  previewImageUrl: z.string().optional(),
});

const messageBase = { id: z.string().min(1).max(64) };

export const lineMessageSchema = z.discriminatedUnion("type", [
  z.object({ ...messageBase, type: z.literal("text"), text: z.string() }),
  z.object({ ...messageBase, type: z.literal("image"), contentProvider: contentProvider.optional() }),
  z.object({ ...messageBase, type: z.literal("video"), duration: z.number().optional(), contentProvider: contentProvider.optional() }),
  z.object({ ...messageBase, type: z.literal("audio"), duration: z.number().optional(), contentProvider: contentProvider.optional() }),
  z.object({ ...messageBase, type: z.literal("file"), fileName: z.string().optional(), fileSize: z.number().optional() }),
  z.object({
    ...messageBase,
    type: z.literal("location"),
    title: z.string().nullish(),
    address: z.string().nullish(),
    latitude: z.number(),
    longitude: z.number(),
  }),
  z.object({
    ...messageBase,
    type: z.literal("sticker"),
    packageId: z.string().optional(),
    stickerId: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    /** Only for "message stickers": the words the customer typed onto the sticker. */
    text: z.string().optional(),
  }),
]);
export type LineMessage = z.infer<typeof lineMessageSchema>;

export const messageEventSchema = z.object({
  type: z.literal("message"),
  timestamp: z.number().optional(),
  webhookEventId: z.string().optional(),
  source: z.object({ type: z.string(), userId: z.string().optional(), groupId: z.string().optional(), roomId: z.string().optional() }),
  // Parsed separately: an unknown message type still tells us someone wrote.
  message: z.looseObject({ id: z.string().min(1).max(64), type: z.string() }),
});
