import "server-only";
import { contactSummaryColumns } from "@/lib/contacts/columns";
import { and, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contacts, conversations, inboxes, teams, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireVisibleConversation, visibleConversationFilter } from "@/lib/access/visibility";
import type { SmsProvider } from "@/lib/channels/sms/parts";
import { labelsOfConversations } from "@/lib/labels/of-conversations";
import { serializeConversation } from "./serialize";

function smsProviderOf(channelType: string, config: Record<string, unknown>): SmsProvider | null {
  if (channelType !== "sms") return null;
  return config.provider === "bandwidth" ? "bandwidth" : "twilio";
}

/** A conversation with what the thread header and contact panel show. 404 if not visible. */
export async function getConversation(db: DbOrTx, actor: Actor, ref: string | number) {
  const conv = await requireVisibleConversation(db, actor, ref);
  const [extra] = await db
    .select({
      contact: { ...contactSummaryColumns, createdAt: contacts.createdAt, emailVerified: contacts.emailVerified, complainedAt: contacts.complainedAt },
      inbox: { id: inboxes.id, name: inboxes.name, channelType: inboxes.channelType, deletedAt: inboxes.deletedAt, config: inboxes.config },
      assigneeName: users.name,
      teamName: teams.name,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(eq(conversations.id, conv.id));
  const labels = await labelsOfConversations(db, [conv.id]);
  const { createdAt: contactCreatedAt, emailVerified, complainedAt, ...contact } = extra!.contact;
  return {
    ...serializeConversation(conv, contact, labels.get(conv.id) ?? []),
    contactCreatedAt: contactCreatedAt.toISOString(),
    /** False when the address was only typed by the visitor (pre-chat form). */
    contactEmailVerified: contact.email ? emailVerified : null,
    /** When the contact first reported our mail as spam (an email feedback-loop report), or null. */
    contactComplainedAt: complainedAt?.toISOString() ?? null,
    inbox: {
      id: extra!.inbox.id,
      name: extra!.inbox.name,
      channelType: extra!.inbox.channelType,
      deleted: extra!.inbox.deletedAt !== null,
      /** SMS inboxes: the provider, whose text limit the composer counts against (lib/channels/sms/parts.ts). */
      smsProvider: smsProviderOf(extra!.inbox.channelType, extra!.inbox.config),
    },
    assignee: conv.assigneeId ? { id: conv.assigneeId, name: extra!.assigneeName } : null,
    team: conv.teamId ? { id: conv.teamId, name: extra!.teamName } : null,
    canReply: extra!.inbox.deletedAt === null,
  };
}

/** The contact's other conversations that this actor may see (contact panel). */
export async function otherConversationsOfContact(db: DbOrTx, actor: Actor, conversationId: string, contactId: string) {
  return db
    .select({
      id: conversations.id,
      number: conversations.number,
      status: conversations.status,
      lastActivityAt: conversations.lastActivityAt,
      preview: conversations.lastMessagePreview,
      inboxName: inboxes.name,
      channelType: inboxes.channelType,
    })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(eq(conversations.contactId, contactId), ne(conversations.id, conversationId), visibleConversationFilter(actor)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(20);
}

/** The same list for a conversation named by id or #number, which the actor must be able to see (REST). */
export async function contactConversationsOf(db: DbOrTx, actor: Actor, ref: string | number) {
  const conv = await requireVisibleConversation(db, actor, ref);
  return otherConversationsOfContact(db, actor, conv.id, conv.contactId);
}
