import { z } from "zod";

/** POST /api/widget/session */
export const sessionSchema = z.object({
  visitorToken: z.string().max(4096).nullish(),
  host: z.string().max(500).nullish(),
  user: z
    .object({
      identifier: z.string().min(1, "identifier is required").max(255),
      name: z.string().trim().max(255).nullish(),
      email: z.union([z.email("Enter a valid email address").max(320), z.literal("")]).nullish(),
      identifierHash: z.string().max(256).nullish(),
    })
    .nullish(),
});
export type SessionInput = z.infer<typeof sessionSchema>;

export const MAX_MESSAGE_LENGTH = 5000;

export const MAX_MESSAGE_ATTACHMENTS = 5;

/** POST /api/widget/messages: text, attachments (uploaded first), or both. */
export const sendMessageSchema = z
  .object({
    content: z
      .string("content must be text")
      .max(MAX_MESSAGE_LENGTH, `Keep messages under ${MAX_MESSAGE_LENGTH} characters`)
      .optional()
      .default(""),
    clientId: z.uuid("clientId must be a uuid"),
    attachmentIds: z
      .array(z.string().max(64), "attachmentIds must be a list of ids")
      .max(MAX_MESSAGE_ATTACHMENTS, `Send up to ${MAX_MESSAGE_ATTACHMENTS} files per message`)
      .optional()
      .default([]),
  })
  .refine((d) => d.content.trim().length > 0 || d.attachmentIds.length > 0, { message: "Write a message first", path: ["content"] });
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** POST /api/widget/contact: the pre-chat form. */
export const contactDetailsSchema = z.object({
  name: z
    .string("name must be text")
    .trim()
    .max(255, "Keep your name under 255 characters")
    .nullish()
    .transform((v) => v || null),
  email: z
    .string("Enter your email address")
    .trim()
    .min(1, "Enter your email address")
    .max(320, "This email address is too long")
    .pipe(z.email("Enter a valid email address, like name@example.com")),
});
export type ContactDetailsInput = z.infer<typeof contactDetailsSchema>;
