import "server-only";
import type { ZodType } from "zod";
import { readBodyLimited } from "../shared/download";
import { isTransientStatus, retryAfterOf } from "../shared/errors";
import { providerRequest, providerUrl, TIMEOUTS } from "../shared/http";
import { mimeOf } from "../shared/media-types";
import { TransientDeliveryError } from "../types";
import { envelopeSchema } from "./schema";

/*
 * The Bot API over HTTP: `{TELEGRAM_API_URL}/bot<token>/<method>`, answers `{ok, result}` or
 * `{ok:false, error_code, description}`. providerRequest rather than providerFetch: Telegram puts
 * the 429 wait in the JSON body (`parameters.retry_after`), which has to be read before the body is gone.
 * The token is part of every URL, so no URL ever goes into an error message or a log line.
 */

const PROVIDER = "Telegram";
/** Bots may download files up to 20 MB (getFile refuses bigger ones). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Telegram answered `ok:false` with a 4xx: the caller decides what it means for its operation. */
export class TelegramApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description || `Telegram answered HTTP ${code}`);
  }
}

const request = (token: string, path: string, init: RequestInit, timeoutMs: number) =>
  providerRequest(PROVIDER, `${providerUrl("TELEGRAM_API_URL")}${path}`, { ...init, timeoutMs, redact: [token] });

/**
 * Calls one Bot API method. JSON body, or multipart (FormData) for uploads. Returns `result`
 * checked against `schema`; throws TransientDeliveryError (network, 5xx, 429 with its wait) or
 * TelegramApiError (every other refusal).
 */
export async function callBot<T>(token: string, method: string, schema: ZodType<T>, params: Record<string, unknown> | FormData = {}, timeoutMs: number = TIMEOUTS.call): Promise<T> {
  const body = params instanceof FormData ? params : JSON.stringify(params);
  const headers = params instanceof FormData ? undefined : { "content-type": "application/json" };
  const res = await request(token, `/bot${token}/${method}`, { method: "POST", headers, body }, timeoutMs);
  const text = await res.text().catch(() => "");
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* handled below */
  }
  const envelope = envelopeSchema.safeParse(json);
  if (isTransientStatus(res.status) || (envelope.success && !envelope.data.ok && envelope.data.error_code === 429)) {
    const retryAfterSeconds =
      (envelope.success && !envelope.data.ok ? envelope.data.parameters?.retry_after : undefined) ?? retryAfterOf(res);
    const what = res.status === 429 ? "is rate limiting this bot" : `answered HTTP ${res.status}`;
    const detail = envelope.success && !envelope.data.ok ? envelope.data.description : text.slice(0, 200);
    throw new TransientDeliveryError(`${PROVIDER} ${what}${detail ? `: ${detail}` : ""}`, { retryAfterSeconds });
  }
  if (!envelope.success) throw new TelegramApiError(res.status, `Telegram answered HTTP ${res.status} with an unreadable body`);
  if (!envelope.data.ok) throw new TelegramApiError(envelope.data.error_code, envelope.data.description);
  const result = schema.safeParse(envelope.data.result);
  if (!result.success) throw new TelegramApiError(res.status, `Telegram's answer to ${method} had an unexpected shape`);
  return result.data;
}

/** Downloads `{TELEGRAM_API_URL}/file/bot<token>/<file_path>` (a path from getFile), at most 20 MB. */
export async function downloadFile(token: string, filePath: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
  const path = filePath.split("/").map(encodeURIComponent).join("/");
  const res = await request(token, `/file/bot${token}/${path}`, { method: "GET" }, TIMEOUTS.transfer);
  if (isTransientStatus(res.status)) {
    throw new TransientDeliveryError(`${PROVIDER} answered HTTP ${res.status} to a file download`, { retryAfterSeconds: retryAfterOf(res) });
  }
  if (!res.ok) throw new TelegramApiError(res.status, `Telegram answered HTTP ${res.status} to a file download`);
  const bytes = await readBodyLimited(res, MAX_DOWNLOAD_BYTES);
  const type = mimeOf(res.headers.get("content-type"));
  // Telegram serves most files as application/octet-stream: that says nothing, the caller's type is better.
  return { bytes, contentType: type && type !== "application/octet-stream" ? type : undefined };
}

/** The bot's numeric id is the part of the token before the colon (also the channel key). */
export const botIdOf = (token: string) => token.split(":")[0] ?? "";
