import { errorJson } from "./envelope";

/*
 * Every /api answer is the JSON envelope (docs/architecture.md §6.7), including a method the
 * route does not serve. Next answers those itself with an empty 405, so each route hands the
 * methods it serves to `otherMethods` and exports what comes back for the rest:
 *
 *   export const GET = …; export const POST = …;
 *   export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
 *
 * The type only lets a route destructure the methods it does not serve, and e2e/api-methods.spec.ts
 * sends every method to every route.ts, so a route that forgets one fails a test.
 */

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

type Served = Partial<Record<ApiMethod | "OPTIONS", unknown>>;
type Refusal = (req: Request) => Response;

/** The Allow header for a route serving `served`: HEAD comes with GET, OPTIONS with every route (Next answers it). */
export function allowHeader(served: readonly string[]): string {
  const allow = API_METHODS.filter((m) => served.includes(m)) as string[];
  if (served.includes("GET")) allow.push("HEAD");
  allow.push("OPTIONS");
  return allow.join(", ");
}

/** A 405 in the envelope with `Allow`. */
export function methodNotAllowed(method: string, served: readonly string[]): Response {
  const accepted = API_METHODS.filter((m) => served.includes(m)).join(", ");
  return errorJson(405, "method_not_allowed", `${method} is not supported here; this endpoint accepts ${accepted}`, {
    headers: { allow: allowHeader(served) },
  });
}

/** Handlers for the methods a route does not serve, each answering 405 with `Allow`. */
export function otherMethods<S extends Served>(served: S): Record<Exclude<ApiMethod, keyof S>, Refusal> {
  const names = Object.keys(served);
  const refuse: Refusal = (req) => methodNotAllowed(req.method, names);
  const out: Partial<Record<ApiMethod, Refusal>> = {};
  for (const m of API_METHODS) if (!names.includes(m)) out[m] = refuse;
  return out as Record<Exclude<ApiMethod, keyof S>, Refusal>;
}
