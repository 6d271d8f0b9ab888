import { apiRoute, created, readJson } from "@/lib/http/api";
import { createTeam, listTeams } from "@/lib/teams/teams";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db }) => ({ data: await listTeams(db) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createTeam(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
