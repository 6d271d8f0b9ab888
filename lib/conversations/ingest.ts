import "server-only";
import { and, desc, eq, getTableColumns, inArray, ne, or, sql, TransactionRollbackError } from "drizzle-orm";
import { isUuid } from "@/lib/ids";
import type { Db, Tx } from "@/db/client";
import { preparedName } from "@/db/prepared";
import { contactIdentities, contacts, conversations, messages, type Attachment, type PartStatus } from "@/db/schema";
import { getAdapter } from "@/lib/channels/registry";
import type { InboundEvent, InboundMedia } from "@/lib/channels/types";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { arrivalStateFields, systemAssignOnArrival, systemOpenAssigned, type ArrivalState, type Opened } from "@/lib/assignment/arrival";
import { activityText, systemAutoAssign } from "@/lib/assignment/assign";
import type { AutoAssignment } from "@/lib/assignment/settings.schema";
import { ingestRulesWouldRun, systemRunIngestRules, type KnownFacts, type RunResult } from "@/lib/automation/engine";
import { systemQueueAutoReplies, type AutoReplyInbox } from "@/lib/inboxes/auto-replies";
import { publish } from "@/lib/realtime/bus";
import { handedTo, type RealtimeEvent } from "@/lib/realtime/events";
import { partMovesTo, replyStatusOverParts } from "./part-receipts";
import { preview } from "./preview";

type InboundMessage = Extract<InboundEvent, { type: "message" }>;
/**
 * The inbox a webhook arrived at; `channelType` lets ingestion queue the adapter's media and
 * profile jobs. Callers holding the inbox row pass it whole, so its auto-reply settings are read
 * from it instead of the database.
 */
type InboxRef = { id: string; channelType?: string; autoAssignment?: AutoAssignment | null } & Omit<AutoReplyInbox, "id">;

export type FetchMediaJob = { messageId: string; items: { index: number; ref: string; kind: InboundMedia["kind"]; name?: string; contentType?: string }[] };
export type FetchProfileJob = { inboxId: string; contactId: string; sourceId: string };

const MEDIA_LABELS: Record<InboundMedia["kind"], string> = { image: "Photo", audio: "Audio", video: "Video", file: "File", sticker: "Sticker" };

/** Placeholders shown ("Downloading…") until the fetch-media job has stored the files. */
function mediaPlaceholders(media: InboundMedia[]): Attachment[] {
  return media.map((m) => ({ name: m.name ?? MEDIA_LABELS[m.kind], contentType: m.contentType ?? "", size: 0, url: "", pending: true }));
}

const NO_RULES: RunResult = { events: [], changed: false, fired: 0 };

export type IngestResult = { conversationId: string; messageId: string; created: boolean };

const STATUS_RANK = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;

/** Serialises work on one contact identity of one inbox until the transaction ends (ingestion, agents writing first). */
export async function lockIdentity(tx: Tx, inboxId: string, sourceId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${inboxId + ":" + sourceId}, 0))`);
}

// What rules read about the contact, returned by the statements that write it (no extra query).
const contactDetails = { name: contacts.name, email: contacts.email, phone: contacts.phone };
const NO_DETAILS = { name: null, email: null, phone: null };

/** The contact identity of `contact` in this inbox, created (and linked by a proven email address) when new. */
export async function upsertIdentity(tx: Tx, inboxId: string, contact: InboundMessage["contact"]) {
  const ids = contact.aliasSourceId ? [contact.sourceId, contact.aliasSourceId] : [contact.sourceId];
  const found = await tx
    .select({ id: contactIdentities.id, contactId: contactIdentities.contactId, sourceId: contactIdentities.sourceId, aliasSourceId: contactIdentities.aliasSourceId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.inboxId, inboxId), or(inArray(contactIdentities.sourceId, ids), inArray(contactIdentities.aliasSourceId, ids))));
  // The identity this message's own id names wins over one found through the alias.
  const existing = found.find((f) => f.sourceId === contact.sourceId) ?? found[0];
  if (existing) {
    // Seen together for the first time: remember the other id, so either finds this identity later.
    const other = [contact.sourceId, contact.aliasSourceId].find((id) => id && id !== existing.sourceId);
    if (other && !existing.aliasSourceId && !found.some((f) => f.id !== existing.id && (f.sourceId === other || f.aliasSourceId === other))) {
      await tx.update(contactIdentities).set({ aliasSourceId: other }).where(eq(contactIdentities.id, existing.id));
    }
    // Fill in details the contact did not have; never overwrite what an agent may have edited.
    const [stored] = await tx
      .update(contacts)
      .set({
        name: sql`coalesce(${contacts.name}, ${contact.name ?? null})`,
        email: sql`coalesce(${contacts.email}, ${contact.email ?? null})`,
        phone: sql`coalesce(${contacts.phone}, ${contact.phone ?? null})`,
      })
      .where(eq(contacts.id, existing.contactId))
      .returning(contactDetails);
    return { id: existing.id, contactId: existing.contactId, created: false, aliased: !!(existing.aliasSourceId || other), contact: stored ?? NO_DETAILS };
  }
  // One person writing to several inboxes is one contact: a known email address links them.
  // Serialised per address, or first messages arriving at once in two inboxes make two contacts.
  if (contact.email) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${"contact-email:" + contact.email.toLowerCase()}, 0))`);
  }
  const [known] = contact.email
    ? await tx
        .select({ id: contacts.id, ...contactDetails })
        .from(contacts)
        // Only proven addresses link: one typed into a pre-chat form must not capture the real owner's mail.
        .where(and(eq(sql`lower(${contacts.email})`, contact.email.toLowerCase()), eq(contacts.emailVerified, true)))
        .orderBy(contacts.createdAt)
        .limit(1)
    : [];
  const [c] = known
    ? [known]
    : await tx
        .insert(contacts)
        .values({ name: contact.name ?? null, email: contact.email ?? null, phone: contact.phone ?? null })
        .returning({ id: contacts.id, ...contactDetails });
  const [identity] = await tx
    .insert(contactIdentities)
    .values({ contactId: c!.id, inboxId, sourceId: contact.sourceId, aliasSourceId: contact.aliasSourceId ?? null })
    .returning({ id: contactIdentities.id, contactId: contactIdentities.contactId });
  return { ...identity!, created: true, aliased: !!contact.aliasSourceId, contact: { name: c!.name, email: c!.email, phone: c!.phone } };
}

async function findConversation(tx: Tx, inboxId: string, identity: { id: string; contactId: string }, msg: InboundMessage["message"]) {
  if (msg.references) {
    // Email threading: only an explicit reference to a stored message joins a conversation, and
    // only one the sender is entitled to. Anyone who saw a customer's Message-ID (a forward, a
    // Bcc) can reference it, so that admits the customer, and whoever that mail was addressed to
    // (the customer chose to include them); our own Message-IDs are random and reach only the
    // people we mailed, so answering one of our replies admits whoever answers.
    if (msg.references.length === 0) return null;
    const addressed = msg.addressedReferences?.filter((r) => msg.references!.includes(r)) ?? [];
    const [hit] = await tx
      .select({ conversation: conversations })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          eq(messages.inboxId, inboxId),
          inArray(messages.sourceId, msg.references),
          or(
            eq(conversations.contactId, identity.contactId),
            and(eq(messages.kind, "outgoing"), eq(messages.private, false)),
            addressed.length ? and(eq(messages.kind, "incoming"), inArray(messages.sourceId, addressed)) : undefined,
          ),
        ),
      )
      // The newest referenced message wins when the references span several conversations.
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(1);
    return hit?.conversation ?? null;
  }
  // Chat channels: the identity's latest conversation in this inbox, unless it is resolved.
  const [latest] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactIdentityId, identity.id), eq(conversations.inboxId, inboxId)))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  return latest && latest.status !== "resolved" ? latest : null;
}

/** A conversation opened unassigned although someone had room (systemOpenAssigned's `retry`), assigned now that its message is stored. */
async function assignOpened(tx: Tx, conversationId: string, inboxId: string, queue: AutoAssignment, held: string | null) {
  const outcome = await systemAutoAssign(tx, { id: conversationId, inboxId, teamId: null }, queue, held ?? undefined);
  return outcome.agent ? { activityIds: [outcome.activityId], assignedTo: outcome.agent.id } : { activityIds: [] };
}

/**
 * Stores one inbound message in one transaction. Idempotent: a provider retry or a concurrent
 * duplicate (same inbox + source id) stores nothing new and returns the original ids.
 */
export async function ingestMessage(db: Db, inbox: InboxRef, event: InboundMessage): Promise<IngestResult> {
  const events: RealtimeEvent[] = [];
  const result = await db.transaction(async (tx) => {
    // Serialise work per contact identity so concurrent deliveries cannot open two conversations.
    // Both ids when the channel gives two (in one order, so two transactions cannot deadlock).
    for (const id of [event.contact.sourceId, event.contact.aliasSourceId].filter((x): x is string => !!x).sort()) await lockIdentity(tx, inbox.id, id);
    const [dup] = await tx
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, event.message.sourceId)));
    if (dup) return { conversationId: dup.conversationId, messageId: dup.id, created: false };

    const identity = await upsertIdentity(tx, inbox.id, event.contact);
    // An identity known by two ids can be reached by two messages that locked different ones (one
    // naming only the phone, one only the BSUID): serialise on the identity itself before choosing
    // or opening its conversation.
    if (identity.aliased) await lockIdentity(tx, inbox.id, `identity:${identity.id}`);
    let conv = await findConversation(tx, inbox.id, identity, event.message);
    const opened = !conv;
    const at = event.message.createdAt ?? new Date();
    const attachments = [...(event.message.attachments ?? []), ...mediaPlaceholders(event.message.media ?? [])];
    const lastMessagePreview = preview(event.message.preview ?? event.message.content, attachments);
    const message = { id: "", content: event.message.content, subject: event.message.subject ?? null, recipients: event.message.recipients };
    const inboxKnown = inbox.name !== undefined && inbox.businessHours !== undefined && inbox.channelType !== undefined && inbox.autoAssignment !== undefined;
    const queueMayRun = inbox.autoAssignment === undefined || !!inbox.autoAssignment?.enabled;
    let state: ArrivalState | undefined;
    // Whom the queue gave the conversation as it was opened, up front (null: nobody; undefined: not up front).
    let chosen: { id: string; name: string } | null | undefined;
    let retry: Opened["retry"] = null;
    const queue = inboxKnown ? inbox.autoAssignment : null;
    if (!conv) {
      // Nobody else can see a conversation being opened, so its row is written once, with what
      // this message sets — and, when its inbox's queue is on and no rule acts on the arrival,
      // already assigned: the queue chooses as it is inserted (the rules would have run on it unassigned).
      let opening: Opened | undefined;
      if (queue?.enabled) {
        const facts = {
          inboxId: inbox.id,
          contactId: identity.contactId,
          status: "open",
          priority: "none",
          assigneeId: null,
          teamId: null,
          subject: event.message.subject ?? null,
          createdAt: new Date(),
          lastIncomingAt: at,
          lastOutgoingAt: null,
          labelIds: [],
          contact: identity.contact,
          inbox: { name: inbox.name!, channelType: inbox.channelType!, businessHours: inbox.businessHours, autoAssignment: queue, deletedAt: null },
        };
        if (!(await ingestRulesWouldRun(tx, facts, message, at))) {
          const values = { inboxId: inbox.id, contactId: identity.contactId, contactIdentityId: identity.id, subject: facts.subject, at, preview: lastMessagePreview };
          opening = await systemOpenAssigned(tx, values, queue);
          ({ agent: chosen, retry } = opening);
        }
      }
      const [row] = opening
        ? [{ ...opening.conversation, waitsBehind: null, assigneeOnline: null }]
        : await tx
            .insert(conversations)
            .values({
              inboxId: inbox.id,
              contactId: identity.contactId,
              contactIdentityId: identity.id,
              subject: event.message.subject ?? null,
              lastActivityAt: at,
              lastIncomingAt: at,
              // Waiting since the first message nobody has answered yet (the queue's order, docs/architecture.md §5.8).
              waitingSince: at,
              lastMessagePreview,
            })
            .returning({ ...getTableColumns(conversations), ...arrivalStateFields(queueMayRun) });
      const { waitsBehind, assigneeOnline, ...created } = row!;
      conv = created;
      state = { status: created.status, teamId: created.teamId, assigneeId: created.assigneeId, waitsBehind, assigneeOnline };
      events.push({ type: "conversation.created", conversationId: conv.id, inboxId: inbox.id });
    }
    // The customer's message, and the queue's activity line after it when it chose an assignee.
    const inserted = await tx
      .insert(messages)
      .values([
        {
          conversationId: conv.id,
          inboxId: inbox.id,
          kind: "incoming" as const,
          senderContactId: identity.contactId,
          content: event.message.content,
          attachments,
          sourceId: event.message.sourceId,
          createdAt: at,
        },
        ...(chosen
          ? [{ conversationId: conv.id, inboxId: inbox.id, kind: "activity" as const, content: activityText(chosen.name), createdAt: sql`greatest(clock_timestamp(), ${at.toISOString()}::timestamptz + interval '1 millisecond')` }]
          : []),
      ])
      .onConflictDoNothing()
      .returning({ id: messages.id, kind: messages.kind });
    const msg = inserted.find((m) => m.kind === "incoming");
    if (!msg) {
      // Same source id under another identity: keep the first copy and undo this attempt.
      tx.rollback();
    }
    const openingLine = inserted.find((m) => m.kind === "activity");
    message.id = msg!.id;
    if (!opened) {
      // The row as it now stands, locked from here on (an agent or the queue may have changed it
      // since it was read above), and its assignee's presence: what auto-assignment starts from
      // when no rule changes it. Prepared: it runs for every later message, and planning it (with
      // the queue's subqueries) cost about as much as running it.
      const at_ = sql.placeholder("at");
      [state] = await tx
        .update(conversations)
        .set({
          lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${at_}::timestamptz)`,
          lastIncomingAt: sql`${at_}::timestamptz`,
          waitingSince: sql`coalesce(${conversations.waitingSince}, ${at_}::timestamptz)`,
          lastMessagePreview: sql`${sql.placeholder("preview")}::text`,
          // A customer writing again brings a parked conversation back to the queue.
          status: sql`case when ${conversations.status} in ('snoozed', 'pending') then 'open' else ${conversations.status} end`,
          snoozedUntil: sql`null`,
        })
        .where(eq(conversations.id, sql.placeholder("id")))
        .returning(arrivalStateFields(queueMayRun))
        .prepare(preparedName(queueMayRun ? "ingest_later_message_queue" : "ingest_later_message"))
        .execute({ at: at.toISOString(), preview: lastMessagePreview, id: conv.id });
    }
    const adapter = inbox.channelType ? getAdapter(inbox.channelType) : undefined;
    const media = event.message.media ?? [];
    if (media.length && adapter?.fetchMedia) {
      const offset = event.message.attachments?.length ?? 0;
      const job: FetchMediaJob = { messageId: msg!.id, items: media.map((m, i) => ({ index: offset + i, ...m })) };
      await enqueue(tx, QUEUES.fetchMedia, job);
    }
    if (identity.created && adapter?.fetchProfile) {
      const job: FetchProfileJob = { inboxId: inbox.id, contactId: identity.contactId, sourceId: event.contact.sourceId };
      await enqueue(tx, QUEUES.fetchProfile, job);
    }
    // Greeting and out of office, queued with the message they answer (lib/inboxes/auto-replies.ts).
    const autoReplies = await systemQueueAutoReplies(tx, { inbox, conversation: conv, opened, at });
    if (!events.length) events.push({ type: "conversation.updated", conversationId: conv.id, inboxId: inbox.id });
    events.push({ type: "message.created", conversationId: conv.id, messageId: msg!.id, inboxId: inbox.id });
    for (const id of autoReplies) events.push({ type: "message.created", conversationId: conv.id, messageId: id, inboxId: inbox.id });
    // Automation rules route the conversation in this same transaction: nobody sees it before they ran.
    // The conversation as it now stands, from what this transaction already holds: rules in scope
    // are checked without reading it again (an inbox given only by id is read by the engine).
    const known: KnownFacts | undefined = inboxKnown
      ? {
          id: conv.id,
          number: conv.number,
          inboxId: inbox.id,
          contactId: conv.contactId,
          status: conv.status === "snoozed" || conv.status === "pending" ? "open" : conv.status,
          priority: conv.priority,
          assigneeId: conv.assigneeId,
          teamId: conv.teamId,
          subject: conv.subject,
          createdAt: conv.createdAt,
          lastIncomingAt: at,
          lastOutgoingAt: conv.lastOutgoingAt,
          labelIds: opened ? [] : null,
          contact: identity.contact,
          inbox: { name: inbox.name!, channelType: inbox.channelType!, businessHours: inbox.businessHours, autoAssignment: inbox.autoAssignment, deletedAt: null },
        }
      : undefined;
    // Chosen up front only when no rule acts on the arrival (checked on the unassigned conversation).
    const rules = chosen !== undefined ? NO_RULES : await systemRunIngestRules(tx, conv, message, opened, at, known);
    // The list learns the final state once: one conversation.updated, then every message.
    events.push(...rules.events.filter((e) => e.type !== "conversation.updated"));
    // Auto-assignment after the rules (a rule may have set the team or assigned it already; then it reads the row again).
    const arrival = retry
      ? await assignOpened(tx, conv.id, inbox.id, queue!, retry.held)
      : chosen !== undefined
        ? { activityIds: openingLine ? [openingLine.id] : [], assignedTo: chosen?.id }
        : await systemAssignOnArrival(tx, inbox, conv.id, rules.changed ? undefined : state);
    for (const id of arrival.activityIds) events.push({ type: "message.created", conversationId: conv.id, messageId: id, inboxId: inbox.id });
    const assignedTo = arrival.assignedTo ?? handedTo(rules.events);
    if (assignedTo) {
      const first = events[0]!; // conversation.created or conversation.updated, pushed above
      if (first.type === "conversation.created" || first.type === "conversation.updated") events[0] = { ...first, assignedTo };
    }
    return { conversationId: conv.id, messageId: msg!.id, created: true };
  }).catch(async (e) => {
    if (e instanceof TransactionRollbackError) {
      const [dup] = await db
        .select({ id: messages.id, conversationId: messages.conversationId })
        .from(messages)
        .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, event.message.sourceId)));
      if (dup) return { conversationId: dup.conversationId, messageId: dup.id, created: false };
    }
    throw e;
  });
  await publish(db, ...events);
  return result;
}

/** How long a receipt waits for the send it reports on to be recorded (a provider can be that fast). */
const RECEIPT_WAITS_MS = [150, 300, 600, 1000];

async function findReplyForReceipt(db: Db, inbox: InboxRef, event: Extract<InboundEvent, { type: "status" }>) {
  const bySource = eq(messages.sourceId, event.sourceId);
  const match = event.messageId && isUuid(event.messageId) ? or(bySource, eq(messages.id, event.messageId))! : bySource;
  const [msg] = await db
    .select({ id: messages.id, status: messages.status, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.inboxId, inbox.id), match, ne(messages.kind, "incoming")))
    .limit(1);
  return msg;
}

/**
 * Applies a provider delivery receipt to the outgoing message it names; never moves a status
 * backwards. A receipt can overtake our own bookkeeping (the provider answers the send, reports
 * "sent" at once, and only then do we store its id), so an unknown id is looked up again briefly
 * when a reply of this inbox is still being sent.
 */
export async function applyStatus(db: Db, inbox: InboxRef, event: Extract<InboundEvent, { type: "status" }>) {
  let msg = await findReplyForReceipt(db, inbox, event);
  for (const wait of RECEIPT_WAITS_MS) {
    if (msg) break;
    // Only a reply sent moments ago can be the one: older pending replies are waiting for a retry.
    const [sending] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.inboxId, inbox.id),
          eq(messages.status, "pending"),
          ne(messages.kind, "incoming"),
          sql`${messages.createdAt} > now() - interval '2 minutes'`,
        ),
      )
      .limit(1);
    if (!sending) break;
    await new Promise((r) => setTimeout(r, wait));
    msg = await findReplyForReceipt(db, inbox, event);
  }
  if (!msg) return false;
  if (event.part && event.messageId === msg.id) return applyPartStatus(db, inbox, msg.id, event);
  const current = msg.status ? STATUS_RANK[msg.status] : -1;
  // Receipts only move forward; a failure report after delivery/read would contradict what the customer saw.
  const allowed = event.status === "failed" ? current <= STATUS_RANK.sent : current < STATUS_RANK[event.status];
  if (!allowed) return false;
  await db
    .update(messages)
    .set({ status: event.status, error: event.status === "failed" ? (event.error ?? "Delivery failed") : null })
    .where(eq(messages.id, msg.id));
  await publish(db, { type: "message.updated", conversationId: msg.conversationId, messageId: msg.id, inboxId: inbox.id });
  return true;
}

/**
 * A receipt for one part of a reply the provider reports part by part (`event.part`, naming the
 * reply by our id). The part's receipt is kept; once the send has finished (every part's id is in
 * `sent_parts`) the reply takes the status over all parts (part-receipts.ts). While the send is
 * still running it waits briefly for it to finish; a receipt that still finds it running is only
 * kept, and the receipts of later parts, which can only follow their send, settle the reply.
 */
async function applyPartStatus(db: Db, inbox: InboxRef, messageId: string, event: Extract<InboundEvent, { type: "status" }>) {
  const part: PartStatus = event.status === "failed" ? { status: "failed", error: event.error ?? "Delivery failed" } : { status: event.status };
  const settle = () =>
    db.transaction(async (tx) => {
      const [m] = await tx
        .select({ status: messages.status, sourceId: messages.sourceId, sentParts: messages.sentParts, partStatuses: messages.partStatuses })
        .from(messages)
        .where(eq(messages.id, messageId))
        .for("update");
      if (!m) return { changed: false, pending: false };
      const statuses = { ...m.partStatuses };
      if (partMovesTo(statuses[event.sourceId], part.status)) statuses[event.sourceId] = part;
      if (m.status === "pending") {
        await tx.update(messages).set({ partStatuses: statuses }).where(eq(messages.id, messageId));
        return { changed: false, pending: true };
      }
      const parts = m.sentParts.length ? m.sentParts : [m.sourceId ?? event.sourceId];
      const next = replyStatusOverParts(parts, statuses);
      const current = m.status ? STATUS_RANK[m.status] : -1;
      const allowed = next.status === "failed" ? current <= STATUS_RANK.sent : current < STATUS_RANK[next.status];
      await tx
        .update(messages)
        .set(allowed ? { partStatuses: statuses, status: next.status, error: next.error ?? null } : { partStatuses: statuses })
        .where(eq(messages.id, messageId));
      return { changed: allowed, pending: false };
    });
  let result = await settle();
  for (const wait of RECEIPT_WAITS_MS) {
    if (!result.pending) break;
    await new Promise((r) => setTimeout(r, wait));
    result = await settle();
  }
  if (!result.changed) return false;
  const [m] = await db.select({ conversationId: messages.conversationId }).from(messages).where(eq(messages.id, messageId));
  if (m) await publish(db, { type: "message.updated", conversationId: m.conversationId, messageId, inboxId: inbox.id });
  return true;
}

/**
 * A watermark: every reply sent to this contact in this inbox up to `upTo` has been delivered (or
 * read). Only moves a status forward: a delivery watermark leaves read replies read.
 */
export async function applyWatermark(db: Db, inbox: InboxRef, event: Extract<InboundEvent, { type: "watermark" }>) {
  const earlier: ("sent" | "delivered")[] = event.status === "read" ? ["sent", "delivered"] : ["sent"];
  const updated = await db
    .update(messages)
    .set({ status: event.status, error: null })
    .where(
      and(
        eq(messages.inboxId, inbox.id),
        eq(messages.kind, "outgoing"),
        inArray(messages.status, earlier),
        sql`${messages.createdAt} <= ${event.upTo.toISOString()}::timestamptz`,
        sql`${messages.conversationId} in (select c.id from conversations c join contact_identities ci on ci.id = c.contact_identity_id where ci.inbox_id = ${inbox.id} and ci.source_id = ${event.contactSourceId})`,
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  if (updated.length) {
    await publish(db, ...updated.map((m) => ({ type: "message.updated" as const, conversationId: m.conversationId, messageId: m.id, inboxId: inbox.id })));
  }
  return updated.length;
}

export async function ingestEvents(db: Db, inbox: InboxRef, events: InboundEvent[]) {
  const results: IngestResult[] = [];
  for (const e of events) {
    if (e.type === "message") results.push(await ingestMessage(db, inbox, e));
    else if (e.type === "watermark") await applyWatermark(db, inbox, e);
    else await applyStatus(db, inbox, e);
  }
  return results;
}
