import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/session";
import { serveContactAvatar } from "@/lib/contacts/avatar";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return serveContactAvatar(getDb(), await currentActor(), (await ctx.params).id);
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
