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

/** POST /api/widget/messages */
export const sendMessageSchema = z.object({
  content: z
    .string("content is required")
    .max(MAX_MESSAGE_LENGTH, `Keep messages under ${MAX_MESSAGE_LENGTH} characters`)
    .refine((s) => s.trim().length > 0, "Write a message first"),
  clientId: z.uuid("clientId must be a uuid"),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;
