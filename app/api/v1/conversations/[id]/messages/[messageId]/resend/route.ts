import { resendMessage } from "@/lib/conversations/reply";
import { apiRoute } from "@/lib/http/api";

export const POST = apiRoute<{ id: string; messageId: string }>(async ({ db, actor, params }) => resendMessage(db, actor, params.id, params.messageId));
