import { apiRoute, noContent, readJson } from "@/lib/http/api";
import { deactivateAgent, getAgent, updateAgent } from "@/lib/users/agents";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => getAgent(db, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateAgent(db, actor, params.id, await readJson(req)));
export const DELETE = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await deactivateAgent(db, actor, params.id);
  return noContent();
});

export const { POST, PUT } = otherMethods({ GET, PATCH, DELETE });
