import { createRule, listRules } from "@/lib/automation/rules";
import { apiRoute, created, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db, actor }) => ({ data: await listRules(db, actor) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createRule(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
