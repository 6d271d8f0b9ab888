import "server-only";
import { z } from "zod";
import { basicAuth, providerFetch, providerUrl } from "../../shared/http";
import type { TwilioConfig, TwilioSecrets } from "../schema";

export const TWILIO = "Twilio";

/** Base of the REST API (`TWILIO_API_URL`, read per call so tests reach the fake). */
export const twilioBase = () => providerUrl("TWILIO_API_URL");

export const accountPath = (accountSid: string) => `${twilioBase()}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`;

export const twilioAuth = (config: Pick<TwilioConfig, "accountSid">, secrets: TwilioSecrets) => basicAuth(config.accountSid, secrets.authToken);

/** Twilio's error body: `{code, message, more_info, status}` (some add `detail`). */
const errorSchema = z.looseObject({
  code: z.number().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
  more_info: z.string().optional(),
});
export type TwilioError = { status: number; code?: number; message: string };

/** Reads an error answer into Twilio's code and words (falls back to the HTTP status). */
export async function readTwilioError(res: Response): Promise<TwilioError> {
  const text = await res.text().catch(() => "");
  let body: z.infer<typeof errorSchema> = {};
  try {
    const parsed = errorSchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    /* not JSON: the status is all we know */
  }
  const words = [body.message, body.detail].filter((s): s is string => Boolean(s && s.trim())).join(" — ");
  return { status: res.status, code: body.code, message: words || text.slice(0, 200) || `HTTP ${res.status}` };
}

export const describeTwilioError = (e: TwilioError) => (e.code ? `${e.message} (Twilio error ${e.code})` : e.message);

export function twilioGet(config: Pick<TwilioConfig, "accountSid">, secrets: TwilioSecrets, url: string) {
  return providerFetch(TWILIO, url, { headers: { authorization: twilioAuth(config, secrets), accept: "application/json" } });
}
