import { deleteRule, getRule, updateRule } from "@/lib/automation/rules";
import { apiRoute, noContent, readJson } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => getRule(db, actor, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateRule(db, actor, params.id, await readJson(req)));
export const DELETE = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await deleteRule(db, actor, params.id);
  return noContent();
});

export const { POST, PUT } = otherMethods({ GET, PATCH, DELETE });
