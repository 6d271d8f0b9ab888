import { requireVisibleConversation } from "@/lib/access/visibility";
import { otherConversationsOfContact } from "@/lib/conversations/detail";
import { apiRoute } from "@/lib/http/api";

/** The contact's other conversations that the caller may see, latest first. */
export const GET = apiRoute<{ id: string }>(async ({ db, actor, params }) => {
  const conv = await requireVisibleConversation(db, actor, params.id);
  return { data: await otherConversationsOfContact(db, actor, conv.id, conv.contactId) };
});
