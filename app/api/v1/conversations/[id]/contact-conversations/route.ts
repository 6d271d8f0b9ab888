import { contactConversationsOf } from "@/lib/conversations/detail";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** The contact's other conversations that the caller may see, latest first. */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => ({ data: await contactConversationsOf(db, actor, params.id) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
