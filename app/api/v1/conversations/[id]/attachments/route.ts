import { uploadAgentAttachment } from "@/lib/conversations/agent-attachments";
import { apiRoute, created } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/** Upload one file (multipart field `file`) to attach to a reply or note in this conversation. */
export const POST = apiRoute<{ id: string }>(async ({ db, actor, req, params }) => created(await uploadAgentAttachment(db, actor, params.id, req)));

export const { GET, PUT, PATCH, DELETE } = otherMethods({ POST });
