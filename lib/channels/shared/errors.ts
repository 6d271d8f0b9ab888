import "server-only";
import type { Check } from "../types";

/*
 * How a failed provider call is classified, in one place: which answers are worth retrying,
 * how long the provider asked us to wait, and the words for a failure that never got an answer.
 * Each channel's errors.ts reads the provider's own error body for everything else.
 */

/** 5xx, request timeout and rate limiting: the provider may well accept the same call later. */
export const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** The most specific words of an error: fetch() hides the network reason ("ECONNREFUSED…") in `cause`. */
export const reasonOf = (e: unknown) => (e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The wait a response asks for in its Retry-After header. */
export const retryAfterOf = (res: Response) => parseRetryAfter(res.headers.get("retry-after"));

/** A credential check that could not reach the provider: the admin sees why, and nothing is created. */
export function unreachable(provider: string, e: unknown): Extract<Check, { ok: false }> {
  return { ok: false, message: e instanceof Error ? e.message : `${provider} could not be reached` };
}
