import { listInboxRules } from "@/lib/automation/rules";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** The rules that run in this inbox, in run order: its own and the workspace's. */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => ({ data: await listInboxRules(db, actor, params.id) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
