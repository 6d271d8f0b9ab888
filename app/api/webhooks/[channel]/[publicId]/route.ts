import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { MAX_WEBHOOK_BYTES, receiveHandshake, receiveWebhook } from "@/lib/channels/receive";
import { BodyTooLargeError, readBodyWithin } from "@/lib/http/body";
import { errorJson } from "@/lib/http/envelope";

type Ctx = { params: Promise<{ channel: string; publicId: string }> };

export async function POST(req: Request, ctx: Ctx) {
  const { channel, publicId } = await ctx.params;
  let body: Buffer;
  try {
    body = await readBodyWithin(req, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return errorJson(413, "too_large", "Body too large");
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
    // Only a real failure (database down) lands here: a 503 asks the provider to retry later.
    console.error(`[webhook] ${channel}/${publicId} failed:`, e);
    return errorJson(503, "unavailable", "Temporarily unable to store this message; please retry");
  }
}

/** Subscription handshakes (Meta): the challenge comes back as plain text. */
export async function GET(req: Request, ctx: Ctx) {
  const { channel, publicId } = await ctx.params;
  try {
    const out = await receiveHandshake(getDb(), channel, publicId, new URL(req.url).searchParams);
    return new Response(out.body, { status: out.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  } catch (e) {
    console.error(`[webhook] ${channel}/${publicId} handshake failed:`, e);
    return new Response("Temporarily unavailable", { status: 503 });
  }
}
