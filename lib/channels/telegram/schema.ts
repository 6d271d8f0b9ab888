import { z } from "zod";

/** `123456789:AAE…` — the bot id, a colon, then the secret part BotFather shows. */
export const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;

/** The `channel` object of POST/PATCH /api/v1/inboxes for Telegram. */
export const telegramInputSchema = z.object({
  botToken: z
    .string("Paste the bot token from @BotFather")
    .trim()
    .min(1, "Paste the bot token from @BotFather")
    .regex(BOT_TOKEN, "This does not look like a bot token. It looks like 123456789:AAE… — copy it again from @BotFather"),
  // Filled in from getMe by checkCredentials (whatever a caller sends is replaced); kept in the
  // input shape so a stored value survives a PATCH instead of counting as a change every time.
  botUsername: z.string().trim().max(64).optional(),
});

export const telegramConfigSchema = z.object({ botUsername: z.string().optional() });
export const telegramSecretsSchema = z.object({ botToken: z.string() });

export type TelegramConfig = z.infer<typeof telegramConfigSchema>;
export type TelegramSecrets = z.infer<typeof telegramSecretsSchema>;
export type TelegramGenerated = { secretToken: string };

/* ---------------------------------------------------------------- Bot API objects (the fields we read) */

export const userSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const chatSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

export const photoSizeSchema = z.object({
  file_id: z.string().min(1),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});

const fileSchema = z.object({
  file_id: z.string().min(1),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
});

const stickerSchema = z.object({
  file_id: z.string().min(1),
  emoji: z.string().optional(),
  is_animated: z.boolean().optional(),
  is_video: z.boolean().optional(),
});

const locationSchema = z.object({ latitude: z.number(), longitude: z.number(), live_period: z.number().optional() });

export const messageSchema = z.object({
  message_id: z.number().int(),
  from: userSchema.optional(),
  chat: chatSchema,
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSizeSchema).optional(),
  document: fileSchema.optional(),
  animation: fileSchema.optional(),
  audio: fileSchema.extend({ title: z.string().optional(), performer: z.string().optional() }).optional(),
  voice: fileSchema.optional(),
  video: fileSchema.optional(),
  video_note: fileSchema.optional(),
  sticker: stickerSchema.optional(),
  location: locationSchema.optional(),
  venue: z.object({ location: locationSchema, title: z.string(), address: z.string() }).optional(),
  contact: z
    .object({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional(), user_id: z.number().optional() })
    .optional(),
  poll: z.object({ question: z.string(), options: z.array(z.object({ text: z.string() })) }).optional(),
  dice: z.object({ emoji: z.string(), value: z.number() }).optional(),
});
export type TelegramMessage = z.infer<typeof messageSchema>;

/** One webhook delivery. Other update kinds (callback_query, my_chat_member…) only need their id to be acknowledged. */
export const updateSchema = z.object({
  update_id: z.number().int(),
  message: messageSchema.optional(),
  edited_message: messageSchema.optional(),
});

/* ---------------------------------------------------------------- method results */

export const getMeResult = userSchema;
export const fileResult = z.object({ file_id: z.string(), file_size: z.number().optional(), file_path: z.string().optional() });
export const sentMessageResult = z.object({ message_id: z.number().int(), chat: z.object({ id: z.number().int() }) });
export const profilePhotosResult = z.object({ total_count: z.number(), photos: z.array(z.array(photoSizeSchema)) });
export const chatResult = chatSchema;

/** Every answer: `{ok:true,result}` or `{ok:false,error_code,description,parameters?}`. */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string().default(""),
    parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
  }),
]);
