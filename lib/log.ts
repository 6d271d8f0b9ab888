/*
 * The one way the server writes a log line (docs/architecture.md §6). A log line names the
 * operation and the error's kind and code — never what the caller sent or what we stored:
 * no query parameters, credentials, tokens, password hashes or message content.
 *
 * Why not print the error: a failed Drizzle query's message is "Failed query: … params: …",
 * which carries every bound value (a new user's password hash, a message's text); PostgreSQL's own
 * messages quote the offending input ('invalid input syntax for type uuid: "…"'); JSON.parse's
 * quote the body. So database errors are reduced to their SQLSTATE and constraint, syntax errors
 * to their name, and any other message is scrubbed of what looks like a secret. The caller's own
 * words (`what`) are printed as written: name ids there, never values.
 */

type Level = "error" | "warn" | "info";

type PgLike = { code?: unknown; severity?: unknown; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown };

/** A PostgreSQL server error as the pg driver raises it: a five-character SQLSTATE and a severity. */
function isServerError(e: unknown): e is Error & PgLike {
  const x = e as PgLike | null;
  return !!x && typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code) && typeof x.severity === "string";
}

/** Drizzle wraps every failed statement in DrizzleQueryError, whose message lists the parameters. */
// Not a type guard: an Error that is not one must stay an Error for the checks after it.
const isDrizzleQueryError = (e: unknown): boolean => e instanceof Error && (e.name === "DrizzleQueryError" || e.message.startsWith("Failed query:"));

const SECRETS: [RegExp, string][] = [
  [/\$?\b(scrypt|argon2(id|i|d)?|2[aby]|pbkdf2[\w-]*)\$[^\s"',)]+/gi, "[hash]"],
  [/\b(bearer|basic|token|secret|password|apikey|api_key|authorization)([=:\s]+)[^\s"',&)]+/gi, "$1$2[redacted]"],
  [/\b(postgres(ql)?|mysql|redis|amqp|https?):\/\/[^\s/@]+@/gi, "$1://[redacted]@"],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Long runs of token alphabet are keys, tokens, signatures or hashes far more often than words.
const TOKENISH = /[A-Za-z0-9_\-+/=.]{32,}/g;

/** Removes what looks like a credential from free text (provider and server words we pass on). */
export function scrub(text: string): string {
  let out = text.replace(/\u0000/g, "");
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  out = out.replace(TOKENISH, (run) => (UUID.test(run) ? run : "[redacted]"));
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** The stack's frames without its first line, which repeats the (unsafe) message. */
function frames(e: Error): string {
  const lines = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  return lines.slice(0, 8).join("\n");
}

function describeDatabase(e: Error & PgLike): string {
  const parts = [`database error ${String(e.code)}`];
  if (typeof e.constraint === "string") parts.push(`constraint ${e.constraint}`);
  else if (typeof e.table === "string") parts.push(`table ${e.table}`);
  if (typeof e.routine === "string") parts.push(`(${e.routine})`);
  return parts.join(" ");
}

/** The safe words for an error: its kind and code, never its parameters or the input it quotes. */
export function describeError(e: unknown): string {
  if (e === undefined || e === null) return "";
  if (!(e instanceof Error)) return scrub(typeof e === "string" ? e : String(e));
  if (isServerError(e)) return describeDatabase(e);
  if (isDrizzleQueryError(e)) {
    const cause = (e as Error).cause;
    if (isServerError(cause)) return describeDatabase(cause);
    // Not a server error: the statement never ran (connection refused, terminated, timed out).
    return `database unreachable: ${cause instanceof Error ? describeError(cause) : "query failed"}`;
  }
  if (e instanceof SyntaxError) return "SyntaxError (input not shown)";
  const code = (e as { code?: unknown }).code;
  const words = `${e.name}${typeof code === "string" ? ` ${code}` : ""}: ${scrub(e.message)}`;
  return e.cause instanceof Error ? `${words} (cause: ${describeError(e.cause)})` : words;
}

function write(level: Level, scope: string, what: string, e?: unknown, withStack = false) {
  let line = `[${scope}] ${what}`;
  if (e !== undefined) line += `: ${describeError(e)}`;
  if (withStack && e instanceof Error && !isServerError(e) && !isDrizzleQueryError(e)) {
    const f = frames(e);
    if (f) line += `\n${f}`;
  }
  (level === "error" ? console.error : level === "warn" ? console.warn : console.log)(line);
}

export const log = {
  /** Something failed that someone should look at; `e` is described safely. */
  error: (scope: string, what: string, e?: unknown) => write("error", scope, what, e),
  /** An unexpected error (a bug, most likely): described safely, with its stack frames. */
  unexpected: (scope: string, what: string, e: unknown) => write("error", scope, what, e, true),
  /** Degraded but handled (a retry, a fallback). */
  warn: (scope: string, what: string, e?: unknown) => write("warn", scope, what, e),
  info: (scope: string, what: string) => write("info", scope, what),
};
