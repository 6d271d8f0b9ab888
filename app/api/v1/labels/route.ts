import { apiRoute, created, readJson } from "@/lib/http/api";
import { createLabel, listLabels } from "@/lib/labels/labels";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db, actor }) => ({ data: await listLabels(db, actor) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createLabel(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
