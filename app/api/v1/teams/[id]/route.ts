import { apiRoute, noContent, readJson } from "@/lib/http/api";
import { deleteTeam, getTeam, updateTeam } from "@/lib/teams/teams";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, params }) => getTeam(db, params.id));
export const PATCH = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => updateTeam(db, actor, params.id, await readJson(req)));
export const DELETE = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  await deleteTeam(db, actor, params.id);
  return noContent();
});

export const { POST, PUT } = otherMethods({ GET, PATCH, DELETE });
