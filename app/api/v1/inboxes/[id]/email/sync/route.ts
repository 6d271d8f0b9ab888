import { NextResponse } from "next/server";
import { requestMailboxSync } from "@/lib/channels/email/sync-request";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** POST — "check now": queue an immediate sync of the email inbox's mailbox (administrators) → 202. */
export const POST = apiRoute<{ id: string }>(async ({ db, actor, params }) =>
  NextResponse.json(await requestMailboxSync(db, actor, params.id), { status: 202 }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
