import { listConversations } from "@/lib/conversations/list";
import { startConversation } from "@/lib/conversations/start";
import { apiRoute, created, readJson, searchParams } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db, actor, req }) => listConversations(db, actor, searchParams(req)));
/** An agent writes first (email inboxes): 201 with the new conversation. */
export const POST = apiRoute(async ({ db, actor, req }) => created(await startConversation(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
