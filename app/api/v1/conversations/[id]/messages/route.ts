import { listMessages } from "@/lib/conversations/messages";
import { createMessage } from "@/lib/conversations/reply";
import { apiRoute, created, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => ({ data: await listMessages(db, actor, params.id) }));
export const POST = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => created(await createMessage(db, actor, params.id, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
