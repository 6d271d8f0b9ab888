import { z } from "zod";

const callbackUrl = z
  .url({ protocol: /^https?$/, message: "Enter a full http(s) URL, e.g. https://example.com/konversio" })
  .max(2000);

/** The `channel` object of POST /api/v1/inboxes for the api channel. */
export const apiInputSchema = z.object({
  callbackUrl: z.union([callbackUrl, z.literal("")]).optional(),
});

export const apiConfigSchema = z.object({ callbackUrl: z.string().optional() });
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export const apiSecretsSchema = z.object({});
export type ApiGenerated = { hmacToken: string; webhookSecret: string };

/** The inbound body an integrator posts: one contact, one message. */
export const apiInboundSchema = z.object({
  contact: z.object({
    sourceId: z.string().trim().min(1).max(255),
    name: z.string().trim().max(255).optional(),
    email: z.email().max(320).optional(),
    phone: z.string().trim().max(64).optional(),
  }),
  message: z.object({
    sourceId: z.string().trim().min(1).max(255),
    content: z.string().min(1).max(20_000),
  }),
});
