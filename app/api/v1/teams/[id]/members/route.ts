import { apiRoute, readJson } from "@/lib/http/api";
import { getTeamMembers, setTeamMembers } from "@/lib/teams/teams";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute.admin<{ id: string }>(async ({ db, params }) => ({ data: await getTeamMembers(db, params.id) }));
export const PUT = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => ({
  data: await setTeamMembers(db, actor, params.id, await readJson(req)),
}));

export const { POST, PATCH, DELETE } = otherMethods({ GET, PUT });
