import { apiRoute, created, readJson } from "@/lib/http/api";
import { createInbox } from "@/lib/inboxes/create";
import { listInboxes } from "@/lib/inboxes/queries";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db, actor }) => ({ data: await listInboxes(db, actor) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createInbox(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
