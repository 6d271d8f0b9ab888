import "server-only";
import { envValue } from "@/lib/env";
import { safeFetch, UnsafeUrlError } from "@/lib/http/safe-fetch";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { isTransientStatus, reasonOf, retryAfterOf } from "./errors";

/*
 * The HTTP plumbing every provider client shares: base URLs (from the environment, so tests
 * reach local fakes), bounded time, and one way of turning "no answer" and "try later" answers
 * into TransientDeliveryError. Each channel's client.ts builds its calls on top of it.
 */

type ProviderUrlName = "TELEGRAM_API_URL" | "META_GRAPH_API_URL" | "TWILIO_API_URL" | "LINE_API_URL" | "BANDWIDTH_API_URL";

/** A provider's base URL (defaults: the real providers, in lib/env.ts), without a trailing slash. */
export function providerUrl(name: ProviderUrlName): string {
  return envValue(name).replace(/\/+$/, "");
}

/** How long a provider may take: an API call, a credential check, a file transfer. */
export const TIMEOUTS = { call: 15_000, check: 10_000, transfer: 60_000, upload: 120_000 } as const;

export type ProviderInit = RequestInit & {
  timeoutMs?: number;
  /** For URLs that came from outside (payload media links): private addresses refused, permanently (docs/architecture.md). */
  publicOnly?: boolean;
  /** Secrets that are part of the URL (Telegram's bot token): shown as `<token>` in error messages. */
  redact?: string[];
};

/**
 * fetch() to a provider with bounded time and no redirects followed. Network errors and timeouts
 * become TransientDeliveryError; every answer is returned, for providers whose "try later" has to
 * be read from the body (Telegram's retry_after, LINE's monthly quota). Most callers want providerFetch.
 */
export async function providerRequest(provider: string, url: string, init: ProviderInit = {}): Promise<Response> {
  const { publicOnly, timeoutMs = TIMEOUTS.call, redact = [], ...rest } = init;
  try {
    // URLs taken from a payload go through safeFetch: the address it checks is the one it
    // connects to, so a DNS answer that changes between check and connect cannot reach us.
    return publicOnly ? await safeFetch(url, { ...rest, timeoutMs }) : await fetch(url, { ...rest, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e instanceof UnsafeUrlError) throw new PermanentDeliveryError(`${provider} gave a file address Konversio refuses to fetch: ${e.message}`);
    const reason = redact.reduce((text, secret) => (secret ? text.split(secret).join("<token>") : text), reasonOf(e));
    throw new TransientDeliveryError(`${provider} could not be reached: ${reason}`);
  }
}

/**
 * providerRequest, and 5xx, 408 and 429 answers also become TransientDeliveryError (with the
 * provider's Retry-After and a short excerpt of its body). Every other response is returned for
 * the channel to read.
 */
export async function providerFetch(provider: string, url: string, init: ProviderInit = {}): Promise<Response> {
  const res = await providerRequest(provider, url, init);
  if (isTransientStatus(res.status)) {
    const text = (await res.text().catch(() => "")).slice(0, 200);
    const what = res.status === 429 ? "is rate limiting us" : `answered HTTP ${res.status}`;
    throw new TransientDeliveryError(`${provider} ${what}${text ? `: ${text}` : ""}`, { retryAfterSeconds: retryAfterOf(res) });
  }
  return res;
}

/** `Authorization: Basic …` for providers that use HTTP Basic (Twilio, Bandwidth). */
export const basicAuth = (user: string, password: string) => "Basic " + Buffer.from(`${user}:${password}`).toString("base64");

/** `Authorization: Bearer …` (Meta, LINE). */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
