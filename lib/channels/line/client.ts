import "server-only";
import { providerRequest, providerUrl, type ProviderInit } from "../shared/http";
import { lineErrorSchema } from "./schema";

export const PROVIDER = "LINE";

/** `https://api.line.me` by default; LINE_API_URL points tests and proxies elsewhere. */
export const apiBase = () => providerUrl("LINE_API_URL");

/**
 * LINE serves message content from a second host, api-data.line.me. One variable is enough: at its
 * default the data host is derived from the API host; pointed anywhere else (a fake, a proxy) the
 * same base serves both, so a test or proxy setup has one address to configure.
 */
export function dataBase(): string {
  return apiBase().replace(/^https:\/\/api\.line\.me$/, "https://api-data.line.me");
}

/**
 * A call to LINE. Only network failures become TransientDeliveryError here (providerRequest):
 * every answer is returned, because LINE puts the difference between "slow down" and "your
 * monthly quota is used up" in the body of one status code (429).
 */
export const lineFetch = (url: string, init: ProviderInit = {}) => providerRequest(PROVIDER, url, init);

export type LineError = { status: number; message: string; details: string[] };

/** LINE's own words from an error answer: `message` plus any `details[].message (property)`. */
export async function readLineError(res: Response): Promise<LineError> {
  const text = await res.text().catch(() => "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: fall back to the status line */
  }
  const parsed = lineErrorSchema.safeParse(json);
  if (!parsed.success) return { status: res.status, message: text.trim().slice(0, 200) || `HTTP ${res.status}`, details: [] };
  const details = (parsed.data.details ?? [])
    .map((d) => [d.message, d.property && `(${d.property})`].filter(Boolean).join(" "))
    .filter(Boolean);
  return { status: res.status, message: parsed.data.message, details };
}

/** "LINE's message: detail; detail" — what admins and agents read. */
export const describe = (e: LineError) => (e.details.length ? `${e.message}: ${e.details.join("; ")}` : e.message);
