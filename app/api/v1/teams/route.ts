import { apiRoute, created, readJson } from "@/lib/http/api";
import { createTeam, listTeams } from "@/lib/teams/teams";

export const GET = apiRoute(async ({ db }) => ({ data: await listTeams(db) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createTeam(db, actor, await readJson(req))));
