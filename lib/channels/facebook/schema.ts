import { z } from "zod";

const secret = (what: string) => z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(4096);

/** The `channel` object of POST /api/v1/inboxes for Messenger (docs/architecture.md). */
export const facebookInputSchema = z.object({
  pageId: z
    .string({ error: "Enter the Page ID" })
    .trim()
    .min(1, "Enter the Page ID")
    .regex(/^\d{5,30}$/, "The Page ID is a long number; find it on your Page under About → Page transparency, or in Meta Business Suite → Settings"),
  pageAccessToken: secret("Page access token"),
  appSecret: secret("app secret"),
  // Filled in from Meta's answer to the credential check; accepted so a stored config round-trips.
  pageName: z.string().max(255).optional(),
});

export const facebookConfigSchema = z.object({ pageId: z.string(), pageName: z.string().optional() });
export const facebookSecretsSchema = z.object({ pageAccessToken: z.string(), appSecret: z.string() });
