import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, inboxes, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { canSeeInbox } from "@/lib/access/visibility";
import { AppError, gone, notFound } from "@/lib/errors";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { startConversationSchema } from "./conversation.schema";
import { getConversation } from "./detail";
import { lockIdentity, upsertIdentity } from "./ingest";
import { preview } from "./preview";

/** Channels where an agent can write first. Chat channels cannot: the customer has to reach out (and providers forbid cold messages). */
const CAN_START = new Set(["email"]);

/**
 * An agent writes first: a new conversation with the customer's address, whose first message is
 * the agent's mail (queued for delivery like any reply, and assigned to the agent). The customer's
 * answer threads back by our Message-ID.
 */
export async function startConversation(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(startConversationSchema, input);
  const [inbox] = await db.select({ id: inboxes.id, channelType: inboxes.channelType, deletedAt: inboxes.deletedAt }).from(inboxes).where(eq(inboxes.id, data.inboxId));
  // Administrators still read deleted inboxes (410 tells them why); for anyone else they are gone without a trace.
  if (inbox?.deletedAt && isAdmin(actor)) throw gone("This inbox has been deleted");
  if (!inbox || inbox.deletedAt || !(await canSeeInbox(db, actor, inbox.id))) throw notFound("Inbox not found");
  if (!CAN_START.has(inbox.channelType)) {
    throw new AppError("validation", "inboxId: only email inboxes can start a conversation", { inboxId: ["Only email inboxes can start a conversation"] });
  }

  const ids = await db.transaction(async (tx) => {
    // The same lock as ingestion: a mail from this customer arriving now cannot open a second contact.
    await lockIdentity(tx, inbox.id, data.to);
    const identity = await upsertIdentity(tx, inbox.id, { sourceId: data.to, email: data.to, name: data.name });
    const [conv] = await tx
      .insert(conversations)
      .values({
        inboxId: inbox.id,
        contactId: identity.contactId,
        contactIdentityId: identity.id,
        subject: data.subject,
        assigneeId: actor.id,
        lastActivityAt: sql`now()`,
        lastOutgoingAt: sql`now()`,
        lastPersonMessageAt: sql`now()`,
        lastMessagePreview: preview(data.content, []),
      })
      .returning({ id: conversations.id });
    const [m] = await tx
      .insert(messages)
      .values({
        conversationId: conv!.id,
        inboxId: inbox.id,
        kind: "outgoing",
        senderUserId: actor.id,
        content: data.content,
        status: "pending",
        cc: data.cc,
      })
      .returning({ id: messages.id });
    await enqueue(tx, QUEUES.deliverMessage, { messageId: m!.id });
    return { conversationId: conv!.id, messageId: m!.id };
  });
  await publish(
    db,
    { type: "conversation.created", conversationId: ids.conversationId, inboxId: inbox.id },
    { type: "message.created", conversationId: ids.conversationId, messageId: ids.messageId, inboxId: inbox.id },
  );
  return getConversation(db, actor, ids.conversationId);
}
