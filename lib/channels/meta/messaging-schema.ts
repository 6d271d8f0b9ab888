import { z } from "zod";

/*
 * The Messenger (object "page") and Instagram (object "instagram") webhook body: entries of
 * `messaging` items, each a message, an echo, a delivery or read receipt, or a postback.
 * Unused fields pass through; only what parsing relies on is required.
 */

const attachment = z
  .object({
    type: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    payload: z
      .object({
        url: z.string().optional(),
        title: z.string().optional(),
        sticker_id: z.union([z.number(), z.string()]).optional(),
        coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type MessagingAttachment = z.infer<typeof attachment>;

export const messagingItemSchema = z
  .object({
    sender: z.object({ id: z.string().min(1) }).loose(),
    recipient: z.object({ id: z.string().min(1) }).loose(),
    timestamp: z.number().optional(),
    message: z
      .object({
        mid: z.string().min(1),
        text: z.string().optional(),
        is_echo: z.boolean().optional(),
        is_deleted: z.boolean().optional(),
        is_unsupported: z.boolean().optional(),
        attachments: z.array(attachment).optional(),
        reply_to: z.object({ story: z.object({ url: z.string().optional() }).loose().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number().optional() }).loose().optional(),
    read: z.object({ watermark: z.number().optional(), mid: z.string().optional() }).loose().optional(),
    postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).loose().optional(),
  })
  .loose();
export type MessagingItem = z.infer<typeof messagingItemSchema>;

export const messagingWebhookSchema = z
  .object({
    object: z.string(),
    entry: z.array(z.object({ id: z.string().min(1), time: z.number().optional(), messaging: z.array(z.unknown()).optional() }).loose()),
  })
  .loose();
