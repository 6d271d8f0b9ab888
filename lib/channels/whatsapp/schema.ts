import { z } from "zod";

const graphId = (what: string, where: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .regex(/^\d{5,30}$/, `The ${what} is a long number; copy it from ${where}`);

const secret = (what: string) => z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(4096);

/** The `channel` object of POST /api/v1/inboxes for WhatsApp (docs/architecture.md). */
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

/* ---------------------------------------------------------------- webhook payload */

/*
 * The WhatsApp Cloud API webhook body (object "whatsapp_business_account"). Fields Konversio does
 * not use are allowed through; only what parsing relies on is required.
 */

const media = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const contactCard = z.object({
  name: z.object({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).loose().optional(),
  phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() }).loose()).optional(),
  emails: z.array(z.object({ email: z.string().optional() }).loose()).optional(),
  org: z.object({ company: z.string().optional() }).loose().optional(),
});

/** A WhatsApp business-scoped user id (BSUID): country code, a dot, then letters and digits (US.13491208655302741918). */
export const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/;

export const waMessageSchema = z
  .object({
    // The phone number: absent for a user who adopted a username (their BSUID is in contacts[].user_id).
    from: z.string().min(1).optional(),
    from_user_id: z.string().min(1).optional(),
    id: z.string().min(1),
    timestamp: z.string().optional(),
    type: z.string(),
    text: z.object({ body: z.string() }).optional(),
    image: media.optional(),
    audio: media.optional(),
    video: media.optional(),
    document: media.optional(),
    sticker: media.optional(),
    location: z
      .object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
      .loose()
      .optional(),
    contacts: z.array(contactCard.loose()).optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string().optional(), title: z.string() }).optional(),
        list_reply: z.object({ id: z.string().optional(), title: z.string(), description: z.string().optional() }).optional(),
        nfm_reply: z.object({ name: z.string().optional(), body: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
    reaction: z.object({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
    order: z.object({ product_items: z.array(z.unknown()).optional() }).loose().optional(),
  })
  .loose();
export type WaMessage = z.infer<typeof waMessageSchema>;

export const waStatusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    timestamp: z.string().optional(),
    recipient_id: z.string().optional(),
    recipient_user_id: z.string().optional(),
    errors: z
      .array(
        z
          .object({
            code: z.coerce.number().optional(),
            title: z.string().optional(),
            message: z.string().optional(),
            error_data: z.object({ details: z.string().optional() }).loose().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
export type WaStatus = z.infer<typeof waStatusSchema>;

/** A sender: phone number (`wa_id`) and/or BSUID (`user_id`), with a profile name and username when shared. */
export const waContactSchema = z
  .object({
    profile: z.object({ name: z.string().optional(), username: z.string().optional() }).loose().optional(),
    wa_id: z.string().min(1).optional(),
    user_id: z.string().min(1).optional(),
  })
  .loose();
export type WaContact = z.infer<typeof waContactSchema>;

export const waValueSchema = z
  .object({
    messaging_product: z.string().optional(),
    metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }).loose(),
    // Each entry is checked on its own (lib/channels/whatsapp/parse.ts): one Meta cannot describe
    // loses only itself, never the messages and statuses beside it.
    contacts: z.array(z.unknown()).optional(),
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
  })
  .loose();

export const waWebhookSchema = z
  .object({
    object: z.string(),
    entry: z.array(
      z
        .object({
          id: z.string().optional(),
          changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()).optional(),
        })
        .loose(),
    ),
  })
  .loose();
