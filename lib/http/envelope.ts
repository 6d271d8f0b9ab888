import { AppError, isDatabaseUnavailable, unavailable } from "@/lib/errors";
import { log } from "@/lib/log";

/*
 * The error body every JSON endpoint answers with — REST v1, the website widget, channel
 * webhooks: `{ error: { code, message, ...extra } }` (extra: `fields` for form errors, `issues`
 * for webhook payloads). Nothing else builds it.
 */

export type ErrorBody = { error: { code: string; message: string } & Record<string, unknown> };

export function errorBody(code: string, message: string, extra?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...extra } };
}

export function errorJson(status: number, code: string, message: string, init: { extra?: Record<string, unknown>; headers?: HeadersInit } = {}): Response {
  return Response.json(errorBody(code, message, init.extra), { status, headers: init.headers });
}

/**
 * A caught error as the answer: an AppError with its status, message, `fields` and Retry-After;
 * the database out of reach is 503 `unavailable` with Retry-After (the caller may simply retry);
 * anything else is logged under `source` and shown generically (never a database message).
 * Logs go through lib/log.ts, which never prints a query's parameters.
 */
export function errorResponseFor(e: unknown, source: string): Response {
  if (!(e instanceof AppError) && isDatabaseUnavailable(e)) {
    log.warn(source, "database unavailable, answered 503", e);
    e = unavailable();
  }
  if (e instanceof AppError) {
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
    return errorJson(e.status, e.code, e.message, { extra: e.fieldErrors ? { fields: e.fieldErrors } : undefined, headers });
  }
  log.unexpected(source, "unexpected error", e);
  return errorJson(500, "internal", "Something went wrong on our side. Please try again.");
}
