import "server-only";
import { NextResponse } from "next/server";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { requireTier, type Tier } from "@/lib/access/policy";
import { actorFromRequest } from "@/lib/auth/session";
import { closeIfAbandoned, readJsonBody } from "./body";
import { cleanInput } from "./clean-text";
import { errorResponseFor } from "./envelope";

/** A caught error as a REST answer, in the contract's shape (lib/http/envelope.ts). */
export const errorResponse = (e: unknown): Response => errorResponseFor(e, "api");

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a JSON body with a size limit (enforced while it streams); a broken body is a 400, never a 500. */
export const readJson = (req: Request): Promise<unknown> => readJsonBody(req, MAX_JSON_BYTES);

type Params = Record<string, string>;
type Ctx<P extends Params> = { params: Promise<P> };
type Handler<P extends Params> = (args: { req: Request; actor: Actor; db: Db; params: P }) => Promise<Response | unknown>;

function route<P extends Params>(tier: Tier, handler: Handler<P>) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const actor = await actorFromRequest(req);
      requireTier(actor, tier);
      // Path segments are input too: a `%00` in an id is stripped like everywhere else (docs/architecture.md §6.7).
      const result = await handler({ req, actor, db: getDb(), params: cleanInput(await ctx.params) as P });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return closeIfAbandoned(req, errorResponse(e));
    }
  };
}

/**
 * An authenticated REST endpoint: token or session → tier (lib/access/policy.ts) → handler →
 * JSON, errors in the contract's shape. `apiRoute` lets any signed-in user in (the lib function
 * decides the rest); `apiRoute.admin` only administrators.
 */
export const apiRoute = Object.assign(<P extends Params = Params>(handler: Handler<P>) => route("agent", handler), {
  admin: <P extends Params = Params>(handler: Handler<P>) => route("administrator", handler),
});

export const created = (body: unknown) => NextResponse.json(body, { status: 201 });
export const noContent = () => new Response(null, { status: 204 });
export const searchParams = (req: Request) =>
  cleanInput(Object.fromEntries(new URL(req.url).searchParams)) as Record<string, string>;
