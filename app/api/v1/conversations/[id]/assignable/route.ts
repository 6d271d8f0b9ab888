import { assignmentOptions } from "@/lib/conversations/assignable";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** The agents and teams that may be set on the conversation: the rule PATCH enforces. */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => assignmentOptions(db, actor, params.id));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
