import { getConversation } from "@/lib/conversations/detail";
import { updateConversation } from "@/lib/conversations/update";
import { apiRoute, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => getConversation(db, actor, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateConversation(db, actor, params.id, await readJson(req)));

export const { POST, PUT, DELETE } = otherMethods({ GET, PATCH });
