import type { Actor } from "@/lib/access/actor";
import type { emailThread } from "@/lib/channels/email/view";
import type { AssignableTeam, assignmentOptions } from "@/lib/conversations/assignable";
import type { getConversation, otherConversationsOfContact } from "@/lib/conversations/detail";
import type { listConversations } from "@/lib/conversations/list";
import type { ApiMessage } from "@/lib/conversations/serialize";
import type { listInboxes } from "@/lib/inboxes/queries";
import type { listLabels } from "@/lib/labels/labels";
import type { Jsonify } from "@/lib/jsonify";

/*
 * What the workspace receives from the server, derived from the functions that produce it (the
 * REST API v1 and the pages answer with their results), as JSON turns them: a shape changes in
 * one place, and the compiler finds every screen that reads it. Type-only imports: no server
 * code reaches the browser.
 */

type Result<F extends (...args: never[]) => unknown> = Jsonify<Awaited<ReturnType<F>>>;

export type ConversationPage = Result<typeof listConversations>;
export type ConversationListItem = ConversationPage["data"][number];
export type Counts = ConversationPage["counts"];

export type ConversationDetail = Result<typeof getConversation>;
export type Contact = ConversationDetail["contact"];

export type Message = Jsonify<ApiMessage>;
export type Attachment = Message["attachments"][number];

/** GET /api/v1/labels: a label with how many visible conversations carry it (all, and open ones). */
export type WorkspaceLabel = Result<typeof listLabels>[number];
export type ConversationLabel = ConversationDetail["labels"][number];

export type AssignmentOptions = Result<typeof assignmentOptions>;
export type OtherConversation = Result<typeof otherConversationsOfContact>[number];

/** GET …/conversations/:id/email: headers by message id, and whom the next reply goes to. */
export type EmailThread = Result<typeof emailThread>;
export type EmailView = EmailThread["data"][string];
/** A plain-text forward in the thread: the forwarder's note and the original's sender, date, subject, body. */
export type ForwardedView = NonNullable<EmailView["forwarded"]>;
export type ReplyRecipients = NonNullable<EmailThread["replyRecipients"]>;

/** The nav column gets only these fields of an inbox: for administrators an inbox carries secrets. */
export type NavInbox = Pick<Awaited<ReturnType<typeof listInboxes>>[number], "id" | "name" | "channelType" | "status" | "businessHours">;
export type NavTeam = AssignableTeam;
export type Me = Pick<Actor, "id" | "name" | "role">;

/** Who the contact is, for people: name, else email, else phone, else a stable visitor label. */
export function contactDisplayName(contact: Pick<Contact, "id" | "name" | "email" | "phone">): string {
  return contact.name?.trim() || contact.email || contact.phone || `Visitor #${contact.id.slice(0, 6)}`;
}
