import { emailThread } from "@/lib/channels/email/view";
import { apiRoute } from "@/lib/http/api";
import { otherMethods } from "@/lib/http/methods";

/**
 * GET — the email headers (subject, from, to, cc, HTML body present, remote images) of the
 * conversation's messages by message id (`data`), and whom the next reply goes to (`replyRecipients`).
 */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => emailThread(db, actor, params.id));

export const { POST, PUT, PATCH, DELETE } = otherMethods({ GET });
