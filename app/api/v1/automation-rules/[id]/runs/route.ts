import { listRuns } from "@/lib/automation/runs";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => ({ data: await listRuns(db, actor, params.id) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
