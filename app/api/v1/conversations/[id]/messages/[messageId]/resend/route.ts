import { resendMessage } from "@/lib/conversations/reply";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const POST = apiRoute<{ id: string; messageId: string }>(async ({ db, actor, params }) => resendMessage(db, actor, params.id, params.messageId));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
