import { z } from "zod";

const graphId = (what: string, where: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .regex(/^\d{5,30}$/, `The ${what} is a long number; copy it from ${where}`);

const secret = (what: string) => z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(4096);

/** The `channel` object of POST /api/v1/inboxes for WhatsApp (DESIGN §6). */
export const whatsappInputSchema = z.object({
  phoneNumberId: graphId("phone number ID", "WhatsApp → API Setup in the Meta developer dashboard"),
  businessAccountId: graphId("WhatsApp Business Account ID", "WhatsApp → API Setup in the Meta developer dashboard"),
  accessToken: secret("access token"),
  appSecret: secret("app secret"),
  // Filled in from Meta's answer to the credential check (never trusted from input): the number
  // and business name shown on the inbox list. Accepted so that re-submitting a config round-trips.
  displayPhoneNumber: z.string().max(64).optional(),
  verifiedName: z.string().max(255).optional(),
});

export const whatsappConfigSchema = z.object({
  phoneNumberId: z.string(),
  businessAccountId: z.string(),
  displayPhoneNumber: z.string().optional(),
  verifiedName: z.string().optional(),
});
export const whatsappSecretsSchema = z.object({ accessToken: z.string(), appSecret: z.string() });

export type WhatsappConfig = z.infer<typeof whatsappConfigSchema>;
export type WhatsappSecrets = z.infer<typeof whatsappSecretsSchema>;
