import { apiRoute, readJson } from "@/lib/http/api";
import { getInboxTeams, setInboxTeams } from "@/lib/inboxes/members";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => ({ data: await getInboxTeams(db, actor, params.id) }));
export const PUT = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => ({
  data: await setInboxTeams(db, actor, params.id, await readJson(req)),
}));

export const { POST, PATCH, DELETE } = otherMethods({ GET, PUT });
