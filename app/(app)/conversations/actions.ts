"use server";

import { z } from "zod";
import { assignmentOptions } from "@/lib/conversations/assignable";
import { otherConversationsOfContact } from "@/lib/conversations/detail";
import { markRead } from "@/lib/conversations/messages";
import { requireVisibleConversation } from "@/lib/access/visibility";
import { action } from "@/lib/http/action";

const ref = z.object({ number: z.coerce.number().int().positive() });

/** Clears the unread dot for the current user; called when a thread is open and visible. */
export const markReadAction = action(ref, async ({ number }, { db, actor }) => {
  await markRead(db, actor, number);
  return null;
});

/** Agents and teams that may be set on the conversation (same rule the PATCH enforces). */
export const assignmentOptionsAction = action(ref, async ({ number }, { db, actor }) => assignmentOptions(db, actor, number));

/** The contact's other conversations this user may see, for the contact panel. */
export const otherConversationsAction = action(ref, async ({ number }, { db, actor }) => {
  const conv = await requireVisibleConversation(db, actor, number);
  const rows = await otherConversationsOfContact(db, actor, conv.id, conv.contactId);
  return rows.map((r) => ({ ...r, lastActivityAt: r.lastActivityAt.toISOString() }));
});
