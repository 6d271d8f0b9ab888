import { z } from "zod";

/*
 * The `channel` object of an SMS inbox (POST/PATCH /api/v1/inboxes and the admin forms): one
 * channel type, two providers, told apart by `provider`. Shared by the server and the forms.
 */

export const SMS_PROVIDERS = ["twilio", "bandwidth"] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/** Form fields arrive as strings: an empty optional field means "not given". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** "+1 (415) 555-0123" → "+14155550123"; anything else is left for the E.164 check to refuse. */
export function normalisePhone(raw: string): string {
  return raw.trim().replace(/[\s().-]/g, "");
}

export const E164 = /^\+[1-9]\d{6,14}$/;

export const phoneNumber = z
  .string("Enter the phone number")
  .transform(normalisePhone)
  .refine((v) => E164.test(v), { message: "Enter the number in international format with +, e.g. +14155550123" });

const secret = (label: string) =>
  z
    .string(`Enter the ${label}`)
    .trim()
    .min(1, `Enter the ${label}`)
    .max(200, `The ${label} is at most 200 characters`);

export const twilioInputSchema = z
  .object({
    provider: z.literal("twilio"),
    accountSid: z
      .string("Enter the Account SID")
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, "The Account SID starts with AC followed by 32 letters and digits"),
    authToken: secret("Auth Token"),
    phoneNumber: z.preprocess(blankToUndefined, phoneNumber.optional()),
    messagingServiceSid: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^MG[0-9a-fA-F]{32}$/, "The Messaging Service SID starts with MG followed by 32 letters and digits")
        .optional(),
    ),
  })
  .superRefine((v, ctx) => {
    // Twilio sends from a number or through a Messaging Service (which picks the number itself).
    if (v.phoneNumber && v.messagingServiceSid) {
      ctx.addIssue({ code: "custom", path: ["messagingServiceSid"], message: "Enter a phone number or a Messaging Service SID, not both" });
    } else if (!v.phoneNumber && !v.messagingServiceSid) {
      ctx.addIssue({ code: "custom", path: ["phoneNumber"], message: "Enter the Twilio phone number (or use a Messaging Service SID)" });
    }
  });

export const bandwidthInputSchema = z.object({
  provider: z.literal("bandwidth"),
  accountId: z
    .string("Enter the Account ID")
    .trim()
    .regex(/^\d{1,12}$/, "The Account ID is a number, e.g. 9900000"),
  applicationId: z
    .string("Enter the Application ID")
    .trim()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "The Application ID looks like 93de2206-9669-4e07-948d-329f4b722ee2"),
  apiToken: secret("API token"),
  apiSecret: secret("API secret"),
  phoneNumber,
});

export const smsInputSchema = z.discriminatedUnion("provider", [twilioInputSchema, bandwidthInputSchema], {
  error: "Choose the SMS provider: twilio or bandwidth",
});

/** Every credential field of either provider; a Twilio inbox simply has no Bandwidth ones. */
export const SMS_SECRET_FIELDS = ["authToken", "apiToken", "apiSecret"] as const;

export const twilioConfigSchema = z.object({
  provider: z.literal("twilio"),
  accountSid: z.string(),
  phoneNumber: z.string().optional(),
  messagingServiceSid: z.string().optional(),
});
export const bandwidthConfigSchema = z.object({
  provider: z.literal("bandwidth"),
  accountId: z.string(),
  applicationId: z.string(),
  phoneNumber: z.string(),
});
export const smsConfigSchema = z.discriminatedUnion("provider", [twilioConfigSchema, bandwidthConfigSchema]);

export const twilioSecretsSchema = z.object({ authToken: z.string() });
export const bandwidthSecretsSchema = z.object({ apiToken: z.string(), apiSecret: z.string() });
export const smsSecretsSchema = z.union([twilioSecretsSchema, bandwidthSecretsSchema]);

export type TwilioConfig = z.infer<typeof twilioConfigSchema>;
export type BandwidthConfig = z.infer<typeof bandwidthConfigSchema>;
export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type TwilioSecrets = z.infer<typeof twilioSecretsSchema>;
export type BandwidthSecrets = z.infer<typeof bandwidthSecretsSchema>;
export type SmsSecrets = Partial<TwilioSecrets & BandwidthSecrets>;

/** Callback credentials Konversio generates; only Bandwidth uses them (Twilio signs with the Auth Token). */
export type SmsGenerated = { callbackUsername: string; callbackPassword: string };
