import { reorderRules } from "@/lib/automation/rules";
import { apiRoute, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const POST = apiRoute(async ({ db, actor, req }) => ({ data: await reorderRules(db, actor, await readJson(req)) }));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
