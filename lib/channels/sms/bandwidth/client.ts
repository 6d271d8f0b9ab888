import "server-only";
import { z } from "zod";
import { basicAuth, providerUrl } from "../../shared/http";
import type { BandwidthConfig, BandwidthSecrets } from "../schema";

export const BANDWIDTH = "Bandwidth";

/** Base of the Messaging API v2 (`BANDWIDTH_API_URL`, read per call so tests reach the fake). */
export const bandwidthBase = () => providerUrl("BANDWIDTH_API_URL");

export const userPath = (accountId: string) => `${bandwidthBase()}/api/v2/users/${encodeURIComponent(accountId)}`;

export const bandwidthAuth = (secrets: BandwidthSecrets) => basicAuth(secrets.apiToken, secrets.apiSecret);

/** Bandwidth's error body: `{type, description, fieldErrors?: [{fieldName, description}]}`. */
const errorSchema = z.looseObject({
  type: z.string().optional(),
  description: z.string().optional(),
  fieldErrors: z.array(z.looseObject({ fieldName: z.string().optional(), description: z.string().optional() })).optional(),
});

/** Bandwidth's words for a refusal, field errors included ("to: must be E164"). */
export async function readBandwidthError(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  let body: z.infer<typeof errorSchema> | undefined;
  try {
    const parsed = errorSchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    /* not JSON */
  }
  if (!body) return text.slice(0, 200) || `HTTP ${res.status}`;
  const fields = (body.fieldErrors ?? [])
    .map((f) => [f.fieldName, f.description].filter(Boolean).join(": "))
    .filter(Boolean);
  const head = body.description || body.type || `HTTP ${res.status}`;
  return fields.length ? `${head} (${fields.join("; ")})` : head;
}

export type BandwidthInbox = { config: BandwidthConfig; secrets: BandwidthSecrets };
