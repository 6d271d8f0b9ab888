import { testRule } from "@/lib/automation/test-rule";
import { apiRoute, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

// Changes nothing: the conditions of an unsaved rule against recent conversations.
export const POST = apiRoute(async ({ db, actor, req }) => testRule(db, actor, await readJson(req)));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
