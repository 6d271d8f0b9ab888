import type { ConversationStatus } from "@/components/status-badge";
import type { DeliveryStatusValue } from "@/components/delivery-status";

/** JSON shapes of the REST API v1 as the workspace reads them (see lib/conversations/*). */

export type Contact = { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl?: string | null };

export type ConversationListItem = {
  id: string;
  number: number;
  inboxId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  teamId: string | null;
  priority: string;
  snoozedUntil: string | null;
  subject: string | null;
  contact: Contact;
  lastActivityAt: string;
  createdAt: string;
  lastMessagePreview: string | null;
  unread: boolean;
  inbox: { id: string; name: string; channelType: string; deleted: boolean };
  assignee: { id: string; name: string | null } | null;
};

export type Counts = { mine: number; unassigned: number; all: number };

export type ConversationPage = { data: ConversationListItem[]; nextCursor: string | null; counts: Counts };

export type ConversationDetail = Omit<ConversationListItem, "lastMessagePreview" | "unread" | "assignee"> & {
  assignee: { id: string; name: string | null } | null;
  team: { id: string; name: string | null } | null;
  canReply: boolean;
  contactCreatedAt: string;
  contactEmailVerified?: boolean | null;
};

export type Attachment = { name: string; contentType: string; size: number; url: string; pending?: boolean; error?: string };

export type Message = {
  id: string;
  conversationId: string;
  kind: "incoming" | "outgoing" | "activity";
  private: boolean;
  content: string;
  attachments: Attachment[];
  status: DeliveryStatusValue | null;
  error: string | null;
  sender: { type: "user" | "contact"; id: string; name: string | null } | null;
  createdAt: string;
};

export type AssignmentOptions = {
  agents: { id: string; name: string; email: string; role: "administrator" | "agent" }[];
  teams: { id: string; name: string }[];
};

export type OtherConversation = {
  id: string;
  number: number;
  status: ConversationStatus;
  lastActivityAt: string;
  preview: string | null;
  inboxName: string;
  channelType: string;
};

export type NavInbox = { id: string; name: string; channelType: string; status: string };
export type NavTeam = { id: string; name: string };
export type Me = { id: string; name: string; role: "administrator" | "agent" };

/** Who the contact is, for people: name, else email, else phone, else a stable visitor label. */
export function contactDisplayName(contact: Contact): string {
  return contact.name?.trim() || contact.email || contact.phone || `Visitor #${contact.id.slice(0, 6)}`;
}
