import "server-only";
import { BodyTooLargeError, readJsonWithin } from "./body";
import { NextResponse } from "next/server";
import { getDb, type Db } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export function errorResponse(e: unknown): NextResponse {
  if (e instanceof AppError) {
    const body: { error: { code: string; message: string; fields?: Record<string, string[]> } } = {
      error: { code: e.code, message: e.message },
    };
    if (e.fieldErrors) body.error.fields = e.fieldErrors;
    const headers: Record<string, string> = {};
    if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
    return NextResponse.json(body, { status: e.status, headers });
  }
  console.error("[api] unexpected error:", e);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, { status: 500 });
}

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a JSON body with a size limit (enforced while it streams); a broken body is a 400, never a 500. */
export async function readJson(req: Request): Promise<unknown> {
  let read;
  try {
    read = await readJsonWithin(req, MAX_JSON_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new AppError("validation", "The request body is too large");
    throw new AppError("validation", "The request body could not be read");
  }
  if (!read.ok) throw new AppError("validation", "The request body is not valid JSON");
  return read.value;
}

type Params = Record<string, string>;
type Ctx<P extends Params> = { params: Promise<P> };

/** An authenticated REST endpoint: token or session → handler → JSON (errors in the contract's shape). */
export function apiRoute<P extends Params = Params>(
  handler: (args: { req: Request; actor: Actor; db: Db; params: P }) => Promise<Response | unknown>,
) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    try {
      const actor = await actorFromRequest(req);
      const result = await handler({ req, actor, db: getDb(), params: await ctx.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export const created = (body: unknown) => NextResponse.json(body, { status: 201 });
export const noContent = () => new Response(null, { status: 204 });
export const searchParams = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);
