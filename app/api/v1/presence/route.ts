import { listPresence } from "@/lib/assignment/presence";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** Every active user's presence, for the dots beside names (any signed-in user sees colleagues' names already). */
export const GET = apiRoute(async ({ db }) => ({ data: await listPresence(db) }));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
