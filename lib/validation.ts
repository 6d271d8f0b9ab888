import type { ZodType, z } from "zod";
import { AppError, type FieldErrors } from "./errors";
import { cleanInput } from "./http/clean-text";

export function issuesToFieldErrors(issues: readonly { path: PropertyKey[]; message: string }[], prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = prefix + (issue.path.map(String).join(".") || "_");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parses input at a boundary; failure is a 400 with one message per field. */
export function parseInput<S extends ZodType>(schema: S, input: unknown, prefix = ""): z.infer<S> {
  // NUL is stripped at the boundary (lib/http/clean-text.ts, docs/architecture.md §6).
  const res = schema.safeParse(cleanInput(input));
  if (res.success) return res.data;
  const fieldErrors = issuesToFieldErrors(res.error.issues, prefix);
  const first = res.error.issues[0];
  const where = first?.path.length ? `${prefix}${first.path.join(".")}: ` : "";
  throw new AppError("validation", `${where}${first?.message ?? "Invalid input"}`, fieldErrors);
}
