import "server-only";
import type { ZodType, z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { tierDenial } from "@/lib/access/policy";
import { currentActor } from "@/lib/auth/session";
import { unstable_rethrow } from "next/navigation";
import { AppError, isDatabaseUnavailable, unavailable, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { log } from "@/lib/log";
import { issuesToFieldErrors } from "@/lib/validation";

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: ErrorCode; fieldErrors?: FieldErrors };

/**
 * The one wrapper for server actions: session → tier → zod → handler → typed result. Expected
 * failures carry their message; anything else is logged and shown generically. `admin: true`
 * asks lib/access/policy.ts for the administrator tier, as apiRoute.admin does for REST.
 */
export function action<S extends ZodType, T>(
  schema: S,
  handler: (data: z.infer<S>, ctx: { actor: Actor; db: Db }) => Promise<T>,
  opts: { admin?: boolean } = {},
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      // Inside the try: reading the session's user is a query too, and fails like one.
      const actor = await currentActor();
      if (!actor) return { ok: false, error: "Your session has ended. Sign in again." };
      const denied = opts.admin ? tierDenial(actor, "administrator") : null;
      if (denied) return { ok: false, error: denied.message };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: "Please correct the highlighted fields", fieldErrors: issuesToFieldErrors(parsed.error.issues) };
      }
      return { ok: true, data: await handler(parsed.data, { actor, db: getDb() }) };
    } catch (e) {
      unstable_rethrow(e); // redirect() and notFound() travel as exceptions
      return failure(e);
    }
  };
}


/** A caught error as the action's result: the same decisions as lib/http/envelope.ts errorResponseFor. */
export function failure(e: unknown): { ok: false; error: string; code?: ErrorCode; fieldErrors?: FieldErrors } {
  if (!(e instanceof AppError) && isDatabaseUnavailable(e)) {
    log.warn("action", "database unavailable", e);
    e = unavailable();
  }
  if (e instanceof AppError) return { ok: false, error: e.message, code: e.code, fieldErrors: e.fieldErrors };
  log.unexpected("action", "unexpected error", e);
  return { ok: false, error: "Something went wrong on our side. Please try again." };
}
