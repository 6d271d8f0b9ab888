import { getDb } from "@/db/client";
import { serveAttachment } from "@/lib/attachments/access";
import { currentActor } from "@/lib/auth/session";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** GET /api/attachments/:id[?expires=…&signature=…] — the file, for a signed link or a user who can see its conversation; else 404. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return serveAttachment(getDb(), req, (await ctx.params).id, currentActor);
}

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
