import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contacts, conversations, inboxes } from "@/db/schema";
import type { ConversationFacts } from "./conditions";

/**
 * What conditions and actions read about conversations, in one query for any number of them:
 * the conversation, its contact, its inbox and its label ids.
 */
export async function systemConversationFacts(db: DbOrTx, ids: string[]): Promise<Map<string, ConversationFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      id: conversations.id,
      number: conversations.number,
      inboxId: conversations.inboxId,
      contactId: conversations.contactId,
      status: conversations.status,
      priority: conversations.priority,
      assigneeId: conversations.assigneeId,
      teamId: conversations.teamId,
      subject: conversations.subject,
      createdAt: conversations.createdAt,
      lastIncomingAt: conversations.lastIncomingAt,
      lastOutgoingAt: conversations.lastOutgoingAt,
      labelIds: sql<string[]>`array(select cl.label_id from conversation_labels cl where cl.conversation_id = ${conversations.id})`,
      contactName: contacts.name,
      contactEmail: contacts.email,
      contactPhone: contacts.phone,
      inboxName: inboxes.name,
      channelType: inboxes.channelType,
      businessHours: inboxes.businessHours,
      autoAssignment: inboxes.autoAssignment,
      inboxDeletedAt: inboxes.deletedAt,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(ids.length === 1 ? eq(conversations.id, ids[0]!) : inArray(conversations.id, ids));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        number: row.number,
        inboxId: row.inboxId,
        contactId: row.contactId,
        status: row.status,
        priority: row.priority,
        assigneeId: row.assigneeId,
        teamId: row.teamId,
        subject: row.subject,
        createdAt: row.createdAt,
        lastIncomingAt: row.lastIncomingAt,
        lastOutgoingAt: row.lastOutgoingAt,
        labelIds: row.labelIds ?? [],
        contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
        inbox: { name: row.inboxName, channelType: row.channelType, businessHours: row.businessHours, autoAssignment: row.autoAssignment, deletedAt: row.inboxDeletedAt },
      },
    ]),
  );
}
