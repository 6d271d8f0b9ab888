import { listConversations } from "@/lib/conversations/list";
import { apiRoute, searchParams } from "@/lib/http/api";

export const GET = apiRoute(async ({ db, actor, req }) => listConversations(db, actor, searchParams(req)));
