import { markRead } from "@/lib/conversations/messages";
import { apiRoute, noContent } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** Clears the unread marker of a conversation for the caller. */
export const POST = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await markRead(db, actor, params.id);
  return noContent();
});

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
