import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { MAX_WEBHOOK_BYTES, receiveHandshake, receiveWebhook } from "@/lib/channels/receive";
import { BodyTooLargeError, closeIfAbandoned, readBodyWithin } from "@/lib/http/body";
import { errorJson } from "@/lib/http/envelope";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_SECONDS } from "@/lib/errors";
import { log } from "@/lib/log";
import { allowHeader, otherMethods } from "@/lib/http/methods";

/*
 * Any failure past the checks answers 503 so the provider retries rather than drops the
 * customer's message; Retry-After says when. Only the database being away is expected here.
 */
function unavailableAnswer(channel: string, publicId: string, doing: string, e: unknown): Response {
  if (isDatabaseUnavailable(e)) log.warn("webhook", `${channel}/${publicId} ${doing}: database unavailable`, e);
  else log.unexpected("webhook", `${channel}/${publicId} ${doing} failed`, e);
  return errorJson(503, "unavailable", "Temporarily unable to store this message; please retry", {
    headers: { "retry-after": String(UNAVAILABLE_RETRY_SECONDS) },
  });
}

type Ctx = { params: Promise<{ channel: string; publicId: string }> };

export async function POST(req: Request, ctx: Ctx) {
  const { channel, publicId } = await ctx.params;
  let body: Buffer;
  try {
    body = await readBodyWithin(req, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return closeIfAbandoned(req, errorJson(413, "too_large", "Body too large"));
    return errorJson(400, "bad_request", "The request body could not be read");
  }
  try {
    const out = await receiveWebhook(getDb(), channel, publicId, {
      method: "POST",
      headers: req.headers,
      query: new URL(req.url).searchParams,
      body,
    });
    switch (out.status) {
      case 200:
      case 201:
        if (out.raw) return new Response(out.raw.body, { status: out.status, headers: { "content-type": out.raw.contentType } });
        return NextResponse.json(out.body, { status: out.status });
      case 400:
        return errorJson(400, "validation", out.message, { extra: { issues: out.issues } });
      case 401:
        return errorJson(401, "unauthorized", out.message);
      case 404:
        return errorJson(404, "not_found", out.message);
      case 410:
        return errorJson(410, "gone", out.message);
      default:
        return errorJson(out.status, "too_large", out.message);
    }
  } catch (e) {
    return unavailableAnswer(channel, publicId, "delivery", e);
  }
}

/** Subscription handshakes (Meta): the challenge comes back as plain text. */
export async function GET(req: Request, ctx: Ctx) {
  const { channel, publicId } = await ctx.params;
  try {
    const out = await receiveHandshake(getDb(), channel, publicId, new URL(req.url).searchParams);
    // The challenge is plain text (Meta echoes it); every refusal is the JSON envelope like the rest of /api.
    if (out.status === 200) return new Response(out.body, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
    const code = { 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 410: "gone" }[out.status];
    return errorJson(out.status, code, out.body, out.status === 405 ? { headers: { allow: allowHeader(["POST"]) } } : {});
  } catch (e) {
    return unavailableAnswer(channel, publicId, "handshake", e);
  }
}

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
