import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contactIdentities, contacts } from "@/db/schema";
import { AppError, forbidden } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { sha256Hex } from "@/lib/security/crypto";
import { recordAttempt, retryAfter, type Limit } from "@/lib/security/rate-limit";
import { parseInput } from "@/lib/validation";
import type { WidgetInbox } from "./inbox";
import { IDENTITY_REQUIRED } from "./messages";
import { visitorTokenFor } from "./session";
import { visitorConversationIds, type Visitor } from "./visibility";
import { contactDetailsSchema } from "./widget.schema";

/** A form filled in once per visitor; a few corrections are fine, a loop is not. */
export const VISITOR_CONTACT_LIMIT: Limit = { max: 10, windowSeconds: 10 * 60 };

/**
 * Writes name/email onto the contact behind the visitor's own identity in this inbox, creating
 * both when the visitor has not written yet. Deliberately not ingestion's "link by email": a typed
 * address is unproven, so it never joins the visitor to an existing contact (and its history).
 * Like ingestion, it only fills blanks — what an agent already edited stays.
 */
async function storeOnOwnContact(db: Db, v: Visitor, name: string | null, email: string): Promise<void> {
  await db.transaction(async (tx) => {
    const find = () =>
      tx
        .select({ contactId: contactIdentities.contactId })
        .from(contactIdentities)
        .where(and(eq(contactIdentities.inboxId, v.inboxId), eq(contactIdentities.sourceId, v.sourceId)));
    let [identity] = await find();
    if (!identity) {
      const [c] = await tx.insert(contacts).values({ name, email, emailVerified: false }).returning({ id: contacts.id });
      const [created] = await tx
        .insert(contactIdentities)
        .values({ contactId: c!.id, inboxId: v.inboxId, sourceId: v.sourceId })
        .onConflictDoNothing()
        .returning({ contactId: contactIdentities.contactId });
      if (created) return;
      // The visitor's first message created the identity meanwhile: drop ours, fill in theirs.
      await tx.delete(contacts).where(eq(contacts.id, c!.id));
      [identity] = await find();
    }
    await tx
      .update(contacts)
      .set({
        name: sql`coalesce(${contacts.name}, ${name})`,
        // A typed address is unproven: it is shown to agents but never links other inboxes' mail to this contact.
        emailVerified: sql`case when ${contacts.email} is null then false else ${contacts.emailVerified} end`,
        email: sql`coalesce(${contacts.email}, ${email})`,
        updatedAt: sql`now()`,
      })
      .where(eq(contacts.id, identity!.contactId));
  });
}

/**
 * POST /api/widget/contact: the pre-chat form's name and email. Answers with a new visitor token
 * that carries them, so the widget (and a reload) knows the form was filled in.
 */
export async function saveVisitorContact(db: Db, inbox: WidgetInbox, visitor: Visitor, input: unknown) {
  const data = parseInput(contactDetailsSchema, input);
  if (inbox.widget.requireIdentity && !visitor.verified) throw forbidden(IDENTITY_REQUIRED);

  const key = `widget-contact:${inbox.id}:${sha256Hex(visitor.sourceId)}`;
  const wait = await retryAfter(db, key, VISITOR_CONTACT_LIMIT);
  if (wait > 0) throw new AppError("rate_limited", "You are sending your details too often. Please wait a moment.", undefined, wait);

  await storeOnOwnContact(db, visitor, data.name, data.email);
  await recordAttempt(db, key, VISITOR_CONTACT_LIMIT);
  // Agents looking at this visitor's conversation see the new details without reloading.
  const ids = await visitorConversationIds(db, visitor);
  await publish(db, ...ids.map((conversationId) => ({ type: "conversation.updated" as const, conversationId, inboxId: inbox.id })));

  const next: Visitor = { ...visitor, name: data.name ?? visitor.name, email: data.email };
  return {
    visitorToken: visitorTokenFor(next, inbox),
    visitor: { name: next.name, email: next.email, verified: next.verified },
  };
}
