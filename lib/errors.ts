export type ErrorCode =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "credentials_rejected"
  | "unprocessable"
  | "rate_limited";

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

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = (e as { cause?: unknown })?.cause ?? e;
  const pg = err as { code?: string; constraint?: string };
  return pg?.code === "23505" && (!constraint || pg.constraint === constraint);
}
