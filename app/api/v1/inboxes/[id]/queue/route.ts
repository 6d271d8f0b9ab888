import { inboxQueue } from "@/lib/assignment/queue-view";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** The inbox's auto-assignment queue, in the order it is served, and why it waits. */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => inboxQueue(db, actor, params.id));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
