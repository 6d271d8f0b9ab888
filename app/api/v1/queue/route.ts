import { workspaceQueue } from "@/lib/assignment/queue-view";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** The auto-assignment queues of the inboxes the caller sees (our extension): how many wait, since when, and why. */
export const GET = apiRoute(async ({ db, actor, req }) => workspaceQueue(db, actor, new URL(req.url).searchParams.get("inboxId") ?? undefined));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
