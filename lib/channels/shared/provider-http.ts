import "server-only";
import { safeFetch, UnsafeUrlError } from "@/lib/http/safe-fetch";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";

/**
 * The HTTP plumbing every provider adapter shares: base URLs from the environment (so tests
 * reach local fakes), bounded time, and the transient-failure rules (network, 5xx, 429 with
 * Retry-After) in one place. Each adapter reads the provider's own error body for everything else.
 */

export const PROVIDER_URLS = {
  TELEGRAM_API_URL: "https://api.telegram.org",
  META_GRAPH_API_URL: "https://graph.facebook.com",
  TWILIO_API_URL: "https://api.twilio.com",
  LINE_API_URL: "https://api.line.me",
  BANDWIDTH_API_URL: "https://messaging.bandwidth.com",
} as const;

/** Read on every call (not cached) so tests can point a running process at a fake server. */
export function providerUrl(name: keyof typeof PROVIDER_URLS): string {
  return (process.env[name] || PROVIDER_URLS[name]).replace(/\/+$/, "");
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const reasonOf = (e: unknown) => (e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));

/**
 * fetch() to a provider API. Network errors and timeouts become TransientDeliveryError; so do
 * 5xx, 408 and 429 answers (with the provider's Retry-After and a short excerpt of its body).
 * Every other response is returned for the adapter to read. `publicOnly` for URLs that came from
 * outside (DESIGN §6): private addresses refused, permanently.
 */
export async function providerFetch(
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs?: number; publicOnly?: boolean } = {},
): Promise<Response> {
  const { publicOnly, timeoutMs = 15_000, ...rest } = init;
  let res: Response;
  try {
    // URLs taken from a payload (media links) go through safeFetch: the address it checks is the
    // one it connects to, so a DNS answer that changes between check and connect cannot reach us.
    res = publicOnly ? await safeFetch(url, { ...rest, timeoutMs }) : await fetch(url, { ...rest, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`${provider} gave a file address Konversio refuses to fetch: ${e.message}`);
    throw new TransientDeliveryError(`${provider} could not be reached: ${reasonOf(e)}`);
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    const text = (await res.text().catch(() => "")).slice(0, 200);
    const retryAfterSeconds = parseRetryAfter(res.headers.get("retry-after"));
    const what = res.status === 429 ? "is rate limiting us" : `answered HTTP ${res.status}`;
    throw new TransientDeliveryError(`${provider} ${what}${text ? `: ${text}` : ""}`, { retryAfterSeconds });
  }
  return res;
}

/** Reads a body up to `maxBytes`, refusing larger ones without buffering them whole. */
export async function readBodyLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new MediaTooLargeError(declared, maxBytes);
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new MediaTooLargeError(total, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export class MediaTooLargeError extends Error {
  constructor(size: number, max: number) {
    super(`The file is larger than ${Math.round(max / (1024 * 1024))} MB (${Math.round(size / (1024 * 1024))} MB or more) and was not downloaded`);
  }
}

/** `Authorization: Basic …` for providers that use HTTP Basic (Twilio, Bandwidth). */
export const basicAuth = (user: string, password: string) => "Basic " + Buffer.from(`${user}:${password}`).toString("base64");

/** A check that could not reach the provider: the admin sees why, and nothing is created. */
export function unreachable(provider: string, e: unknown): { ok: false; message: string } {
  return { ok: false, message: e instanceof Error ? e.message : `${provider} could not be reached` };
}
