import { apiRoute, created, readJson } from "@/lib/http/api";
import { createAgent, listAgents } from "@/lib/users/agents";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute(async ({ db, actor }) => ({ data: await listAgents(db, actor) }));
export const POST = apiRoute(async ({ db, actor, req }) => created(await createAgent(db, actor, await readJson(req))));

export const { PUT, PATCH, DELETE } = otherMethods({ GET, POST });
