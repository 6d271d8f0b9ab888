import type { conversations, messages } from "@/db/schema";
import { avatarUrlFor } from "@/lib/contacts/avatar-url";

type ConversationRow = typeof conversations.$inferSelect;

/** A label as a conversation carries it (by id: a rename shows everywhere at once). */
export type ConversationLabel = { id: string; name: string; color: string };

export type ApiConversation = {
  id: string;
  number: number;
  inboxId: string;
  status: ConversationRow["status"];
  assigneeId: string | null;
  teamId: string | null;
  priority: ConversationRow["priority"];
  snoozedUntil: string | null;
  subject: string | null;
  contact: { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl: string | null };
  /** Ordered by name (lib/labels/of-conversations.ts). */
  labels: ConversationLabel[];
  lastActivityAt: string;
  createdAt: string;
};

export function serializeConversation(
  c: ConversationRow,
  contact: Omit<ApiConversation["contact"], "avatarUrl"> & { avatarAt?: Date | null },
  labels: ConversationLabel[],
): ApiConversation {
  const { avatarAt, ...rest } = contact;
  return {
    id: c.id,
    number: c.number,
    inboxId: c.inboxId,
    status: c.status,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    priority: c.priority,
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    subject: c.subject,
    contact: { ...rest, avatarUrl: avatarUrlFor(contact.id, avatarAt ?? null) },
    labels,
    lastActivityAt: c.lastActivityAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
  };
}

export type ApiMessage = {
  id: string;
  conversationId: string;
  kind: "incoming" | "outgoing" | "activity";
  private: boolean;
  content: string;
  attachments: (typeof messages.$inferSelect)["attachments"];
  status: (typeof messages.$inferSelect)["status"];
  error: string | null;
  /** "automation": an auto-reply or a rule sent it (id "greeting", "out_of_office" or the rule's id). */
  sender: { type: "user" | "contact" | "automation"; id: string; name: string | null } | null;
  createdAt: string;
};
