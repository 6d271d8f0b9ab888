import { AppError } from "@/lib/errors";

/**
 * U+0000 is stripped from every string of input, once, where input is read (docs/architecture.md §6.7):
 * PostgreSQL refuses NUL in text, NUL has no meaning in text, and a provider's webhook cannot be
 * refused without losing a customer's message — so strip, never refuse. The walk is bounded:
 * input nested deeper than MAX_DEPTH is a 400, never a stack overflow.
 */
export const MAX_DEPTH = 64;

/**
 * One string of input made storable: NUL removed, and lone surrogates (a `"\ud800"` escape in
 * JSON, half an emoji cut off) replaced by U+FFFD — PostgreSQL's text takes them, but its jsonb
 * refuses them (the audit record of a name with one was a 500).
 */
export const cleanText = (s: string): string => {
  const noNul = s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
};

const isPlain = (v: object) => [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);

export function cleanInput(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cleanText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH && (Array.isArray(value) || isPlain(value))) throw new AppError("validation", "The input is nested too deeply");
  if (Array.isArray(value)) return value.map((v) => cleanInput(v, depth + 1));
  // Only plain objects (parsed JSON, Object.fromEntries) are rebuilt; a FormData, File or Date passes as is.
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanInput(v, depth + 1);
  return out;
}
