import { z } from "zod";

const secret = (what: string) => z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(4096);

/** The `channel` object of POST /api/v1/inboxes for Instagram (docs/architecture.md). */
export const instagramInputSchema = z.object({
  instagramId: z
    .string({ error: "Enter the Instagram account ID" })
    .trim()
    .min(1, "Enter the Instagram account ID")
    .regex(/^\d{5,30}$/, "The Instagram account ID is a long number; copy it from your app's Instagram → API setup in the Meta developer dashboard"),
  accessToken: secret("access token"),
  appSecret: secret("app secret"),
  // Filled in from Meta's answer to the credential check; accepted so a stored config round-trips.
  username: z.string().max(255).optional(),
});

export const instagramConfigSchema = z.object({ instagramId: z.string(), username: z.string().optional() });
export const instagramSecretsSchema = z.object({ accessToken: z.string(), appSecret: z.string() });
