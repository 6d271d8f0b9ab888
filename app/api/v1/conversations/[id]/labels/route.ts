import { apiRoute, readJson } from "@/lib/http/api";
import { setConversationLabels } from "@/lib/labels/conversation-labels";
import { otherMethods } from "@/lib/http/methods";

export const PUT = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => setConversationLabels(db, actor, params.id, await readJson(req)));

export const { GET, POST, PATCH, DELETE } = otherMethods({ PUT });
