export type ErrorCode =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "credentials_rejected"
  | "unprocessable"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  credentials_rejected: 422,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export type FieldErrors = Record<string, string[]>;

/** An expected failure whose message is safe to show to the caller. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const forbidden = (msg = "You do not have permission to do this") => new AppError("forbidden", msg);
export const conflict = (msg: string) => new AppError("conflict", msg);
export const gone = (msg = "This inbox has been deleted") => new AppError("gone", msg);
export const unprocessable = (msg: string, fieldErrors?: FieldErrors) => new AppError("unprocessable", msg, fieldErrors);

/** Seconds a caller is asked to wait when the database is away (a restart takes a few). */
export const UNAVAILABLE_RETRY_SECONDS = 5;
export const unavailable = () =>
  new AppError("unavailable", "The service is briefly unavailable. Please try again in a few seconds.", undefined, UNAVAILABLE_RETRY_SECONDS);

// Socket errors of a connection to the database that failed or broke.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);
// SQLSTATEs of a server that is going away or cannot take us: 57P01 admin shutdown, 57P02 crash
// shutdown, 57P03 cannot connect now (starting up, recovering), 53300 too many connections.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// What pg and pg-pool say when a connection ends, times out or was broken earlier.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // "…unexpectedly", "…due to connection timeout"
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
];

/**
 * Whether `e` means "the database cannot be reached right now" rather than "this request is
 * wrong": the one decision behind every 503 (REST, widget, webhooks, server actions;
 * docs/architecture.md §6.3). Drizzle wraps a failed statement in DrizzleQueryError, so its
 * cause is looked at; node's multi-address connect raises an AggregateError of the attempts.
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 4) return false;
  const err = e as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === "string") {
    if (NETWORK_CODES.has(err.code) || UNAVAILABLE_SQLSTATES.has(err.code) || /^08[0-9A-Z]{3}$/.test(err.code)) return true;
  }
  if (typeof err.message === "string" && UNAVAILABLE_MESSAGES.some((m) => m.test(err.message as string))) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  // Drizzle's DrizzleQueryError does not set its name, so any wrapper's cause is looked at.
  return isDatabaseUnavailable(err.cause, depth + 1);
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = (e as { cause?: unknown })?.cause ?? e;
  const pg = err as { code?: string; constraint?: string };
  return pg?.code === "23505" && (!constraint || pg.constraint === constraint);
}
