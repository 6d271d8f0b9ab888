import { sql } from "drizzle-orm";
import type { AutoReplies } from "@/lib/inboxes/auto-replies.schema";
import type { BusinessHours } from "@/lib/inboxes/business-hours.schema";
import type { AutoAssignment } from "@/lib/assignment/settings.schema";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: text({ enum: ["administrator", "agent"] }).notNull().default("agent"),
    active: boolean().notNull().default(true),
    availability: text({ enum: ["online", "busy", "offline"] }).notNull().default("online"),
    /** At most this many open assigned conversations across all inboxes (auto-assignment); null: no cap. */
    capacity: integer(),
    /** When auto-assignment last gave this user a conversation: round robin and balanced ties. */
    lastAssignedAt: timestamp({ withTimezone: true }),
    /**
     * Renewed while the user has a live event stream open (lib/assignment/presence.ts): presence
     * is online for 2 minutes after it, so closing the last tab makes them away without a word.
     */
    streamSeenAt: timestamp({ withTimezone: true }),
    // Bumped on deactivation and password change so every older session stops working.
    sessionVersion: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export const accessTokens = pgTable(
  "access_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // "personal": the one token shown on the profile page; "login": issued by POST /auth/token.
    kind: text({ enum: ["personal", "login"] }).notNull(),
    tokenHash: text().notNull().unique(),
    // The last four characters let users recognise a token without it being recoverable.
    hint: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("access_tokens_personal_idx").on(t.userId).where(sql`${t.kind} = 'personal'`),
    index("access_tokens_user_idx").on(t.userId),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_name_lower_idx").on(sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export const inboxes = pgTable(
  "inboxes",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    channelType: text().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // AES-256-GCM ciphertext of the credentials the admin typed in; wiped on delete.
    secrets: text(),
    // AES-256-GCM ciphertext of values Konversio generated (HMAC tokens, webhook secrets…).
    generated: text(),
    // Identifies the provider-side connection (e.g. "telegram:<bot id>") so it is attached once.
    channelKey: text(),
    // Public, unguessable id used in webhook URLs and as the website token.
    publicId: text().notNull().unique(),
    status: text({ enum: ["active", "error"] }).notNull().default("active"),
    lastError: text(),
    lastCheckedAt: timestamp({ withTimezone: true }),
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Opening hours in the inbox's time zone (lib/inboxes/business-hours.ts); null: always open. */
    businessHours: jsonb().$type<BusinessHours>(),
    /** Greeting and out-of-office messages; null: none configured yet (both off). */
    autoReplies: jsonb().$type<AutoReplies>(),
    /** Auto-assignment (lib/assignment): null means off. */
    autoAssignment: jsonb().$type<AutoAssignment>(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("inboxes_channel_key_live_idx")
      .on(t.channelKey)
      .where(sql`${t.deletedAt} is null and ${t.channelKey} is not null`),
  ],
);

export const inboxMembers = pgTable(
  "inbox_members",
  {
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.userId] }), index("inbox_members_user_idx").on(t.userId)],
);

export const inboxTeams = pgTable(
  "inbox_teams",
  {
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id, { onDelete: "cascade" }),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.teamId] }), index("inbox_teams_team_idx").on(t.teamId)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

export const contacts = pgTable(
  "contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text(),
    email: text(),
    phone: text(),
    /**
     * False when the address is only what someone typed (the widget's pre-chat form): shown, but
     * never used to link other inboxes' identities to this contact.
     */
    emailVerified: boolean().notNull().default(true),
    /** When the provider profile picture was stored (contact_avatars); also busts browser caches. */
    avatarAt: timestamp({ withTimezone: true }),
    /**
     * When the contact first reported our mail as spam through their provider's feedback loop
     * (lib/channels/email/notice.ts): mailing them again risks the inbox's sending reputation.
     */
    complainedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contacts_email_idx").on(sql`lower(${t.email})`)],
);

/** Profile pictures fetched from providers, apart from `contacts` so list queries never carry the bytes. */
export const contactAvatars = pgTable("contact_avatars", {
  contactId: uuid()
    .primaryKey()
    .references(() => contacts.id, { onDelete: "cascade" }),
  contentType: text().notNull(),
  bytes: bytea().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const contactIdentities = pgTable(
  "contact_identities",
  {
    id: uuid().primaryKey().defaultRandom(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
    // No cascade: identities outlive a (soft-)deleted inbox with its conversations.
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    sourceId: text().notNull(),
    /** The channel's other id for the same person (WhatsApp: the BSUID beside the phone number), once seen together. */
    aliasSourceId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contact_identities_inbox_source_idx").on(t.inboxId, t.sourceId),
    uniqueIndex("contact_identities_inbox_alias_idx").on(t.inboxId, t.aliasSourceId),
    index("contact_identities_contact_idx").on(t.contactId),
  ],
);

export const conversationStatuses = ["open", "pending", "snoozed", "resolved"] as const;
export const priorities = ["none", "low", "medium", "high", "urgent"] as const;

export const conversations = pgTable(
  "conversations",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: integer().notNull().generatedAlwaysAsIdentity().unique(),
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
    contactIdentityId: uuid().references(() => contactIdentities.id),
    status: text({ enum: conversationStatuses }).notNull().default("open"),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    teamId: uuid().references(() => teams.id, { onDelete: "set null" }),
    priority: text({ enum: priorities }).notNull().default("none"),
    snoozedUntil: timestamp({ withTimezone: true }),
    subject: text(),
    threadKey: text(),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastIncomingAt: timestamp({ withTimezone: true }),
    /** The last public message from our side (a person or automation): `minutesSinceLastOutgoing`. */
    lastOutgoingAt: timestamp({ withTimezone: true }),
    /**
     * The last message written by a person (a reply or a note, not automation). With
     * lastIncomingAt it is what counts as new activity for time rules (lib/automation/sweep.ts).
     */
    lastPersonMessageAt: timestamp({ withTimezone: true }),
    /** Since when the customer has been waiting for an answer (their first unanswered message); null: answered. */
    waitingSince: timestamp({ withTimezone: true }),
    // Denormalised so the list needs no join over messages.
    lastMessagePreview: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("conversations_inbox_status_activity_idx").on(t.inboxId, t.status, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_assignee_status_activity_idx").on(
      t.assigneeId,
      t.status,
      t.lastActivityAt.desc(),
      t.id.desc(),
    ),
    index("conversations_status_activity_idx").on(t.status, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_team_status_activity_idx").on(t.teamId, t.status, t.lastActivityAt.desc(), t.id.desc()),
    // Lets the three assignee counts be answered from the index alone.
    index("conversations_counts_idx").on(t.status, t.inboxId, t.assigneeId, t.teamId),
    index("conversations_contact_idx").on(t.contactId, t.lastActivityAt.desc()),
    index("conversations_identity_idx").on(t.contactIdentityId, t.createdAt.desc()),
    index("conversations_snoozed_idx").on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
    // The auto-assignment queue in the order it is served (lib/assignment/queue.ts, term for term):
    // unassigned open conversations by inbox, priority rank, then longest waiting. The head is read
    // off the index however long the queue is.
    index("conversations_queue_idx")
      .on(
        t.inboxId,
        sql`(case ${t.priority} when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end)`,
        sql`coalesce(${t.waitingSince}, ${t.createdAt})`,
        t.createdAt,
        t.id,
      )
      .where(sql`${t.status} = 'open' and ${t.assigneeId} is null`),
    // Time rules look for conversations quiet for a while, among those not resolved.
    index("conversations_status_incoming_idx").on(t.status, t.lastIncomingAt),
    index("conversations_status_outgoing_idx").on(t.status, t.lastOutgoingAt),
  ],
);

export const conversationReads = pgTable(
  "conversation_reads",
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.conversationId] })],
);

// Conversations refer to labels by id, so a rename shows everywhere and a deleted label
// disappears from every conversation (the cascade below).
export const labels = pgTable(
  "labels",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    color: text().notNull(),
    description: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("labels_name_lower_idx").on(sql`lower(${t.name})`)],
);

export const conversationLabels = pgTable(
  "conversation_labels",
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    labelId: uuid()
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  // The second index serves the label filter and the per-label counts.
  (t) => [primaryKey({ columns: [t.conversationId, t.labelId] }), index("conversation_labels_label_idx").on(t.labelId, t.conversationId)],
);

/**
 * Automation rules (lib/automation, docs/architecture.md §5.7). Conditions and actions are
 * validated JSON (lib/automation/rule.schema.ts). Run counts and errors are derived from the run
 * log, so a rule firing on many conversations at once never makes them wait on its row.
 */
export const automationRules = pgTable(
  "automation_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text().notNull().default(""),
    active: boolean().notNull().default(true),
    event: text().notNull(),
    /** Empty: every inbox (a workspace rule). */
    inboxIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    match: text({ enum: ["all", "any"] }).notNull().default("all"),
    conditions: jsonb().$type<unknown[]>().notNull().default([]),
    actions: jsonb().$type<unknown[]>().notNull().default([]),
    stopProcessing: boolean().notNull().default(false),
    oncePerConversation: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    /** Signs this rule's send_webhook calls (HMAC-SHA256, as api-channel callbacks). */
    webhookSecret: text().notNull(),
    /** Runs removed from the log (it keeps the last 100): runCount = this + the runs kept. */
    prunedRuns: integer().notNull().default(0),
    /** When it was last saved: an error from a run before this is no longer the rule's lastError. */
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index("automation_rules_event_position_idx").on(t.event, t.position, t.createdAt)],
);

export type RuleActionOutcome = { type: string; outcome: "done" | "unchanged" | "skipped" | "failed"; detail?: string };

/** One run of a rule on a conversation: its conditions matched and its actions were tried. */
export const automationRuns = pgTable(
  "automation_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    ruleId: uuid()
      .notNull()
      .references(() => automationRules.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    event: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actions: jsonb().$type<RuleActionOutcome[]>().notNull().default([]),
    error: text(),
  },
  (t) => [index("automation_runs_rule_at_idx").on(t.ruleId, t.at.desc()), index("automation_runs_conversation_idx").on(t.conversationId)],
);

/**
 * The last time a rule fired on a conversation: what `oncePerConversation` and the time rules'
 * "once until new activity" read. The primary key makes two sweeps firing one rule on one
 * conversation at once impossible.
 */
export const automationFires = pgTable(
  "automation_fires",
  {
    ruleId: uuid()
      .notNull()
      .references(() => automationRules.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    firedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.conversationId] }), index("automation_fires_conversation_idx").on(t.conversationId)],
);

export const messageKinds = ["incoming", "outgoing", "activity"] as const;
export const messageStatuses = ["pending", "sent", "delivered", "read", "failed"] as const;

/**
 * A file on a message. Provider media is stored after the message (a job downloads it): until
 * then the entry is `pending` with no url; if the download fails it carries `error` instead.
 */
export type Attachment = { name: string; contentType: string; size: number; url: string; pending?: boolean; error?: string };

/** The automation that sent a message: an auto-reply ("greeting", "out_of_office") or a rule (its id). */
export type AutomationSender = { type: "automation"; id: string; name: string };

/** One part's latest delivery receipt. */
export type PartStatus = { status: "sent" | "delivered" | "read" | "failed"; error?: string };

export const messages = pgTable(
  "messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id),
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    kind: text({ enum: messageKinds }).notNull(),
    private: boolean().notNull().default(false),
    senderUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    senderContactId: uuid().references(() => contacts.id),
    content: text().notNull().default(""),
    attachments: jsonb().$type<Attachment[]>().notNull().default([]),
    sourceId: text(),
    status: text({ enum: messageStatuses }),
    error: text(),
    /**
     * Provider ids of the parts of a multi-part reply (long text split, one message per file)
     * already delivered: a retry after a transient failure resumes after them instead of
     * sending them to the customer twice.
     */
    sentParts: jsonb().$type<string[]>().notNull().default([]),
    /**
     * Delivery receipts of the parts of a multi-part reply, by the part's provider id: the
     * reply's status is computed over all of them (lib/conversations/ingest.ts applyStatus).
     */
    partStatuses: jsonb().$type<Record<string, PartStatus>>().notNull().default({}),
    /**
     * The delivery attempt sending this reply right now: its job and a heartbeat it renews while
     * the provider call runs. A claim whose heartbeat stopped means the attempt died mid-send, so
     * whether the customer got the reply is unknown (lib/conversations/delivery-claim.ts).
     */
    sendingBy: text(),
    sendingHeartbeatAt: timestamp({ withTimezone: true }),
    /**
     * Email replies: the Cc the agent chose in the composer (plain addresses). Null: the reply-all
     * rule decides when the reply is sent (lib/channels/email/recipients.ts).
     */
    cc: jsonb().$type<string[]>(),
    /**
     * Set on messages Konversio sent by itself (auto-replies, rule messages): who to show as the
     * sender, and what the per-conversation cap on automated messages counts.
     */
    senderAutomation: jsonb().$type<AutomationSender>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_inbox_source_idx").on(t.inboxId, t.sourceId),
    index("messages_conversation_created_idx").on(t.conversationId, t.createdAt),
  ],
);


/**
 * Uploaded files, kept in PostgreSQL so every app instance serves the same bytes. A visitor's
 * upload belongs to their identity (`visitor_source_id`) in one inbox until a message attaches it
 * to a conversation.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    conversationId: uuid().references(() => conversations.id),
    visitorSourceId: text(),
    /** The agent who uploaded it from the composer; only they may attach it to a message. */
    uploaderUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    contentType: text().notNull(),
    name: text().notNull(),
    size: integer().notNull(),
    bytes: bytea().notNull(),
    /**
     * A downscaled JPEG of an image, for providers that fetch a small preview besides the file
     * (LINE: at most 1 MB). Made on the first request for it and kept; null until then.
     */
    preview: bytea(),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_conversation_idx").on(t.conversationId),
    index("attachments_inbox_visitor_idx").on(t.inboxId, t.visitorSourceId),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    inboxId: uuid().references(() => inboxes.id),
    targetType: text().notNull(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_inbox_idx").on(t.inboxId, t.createdAt.desc())],
);

// Fixed-window counters shared by every app instance (login and token throttling).
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  count: integer().notNull(),
  resetAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Where the email channel's receiver stands in each inbox's IMAP mailbox. UIDs only mean
 * something within one UIDVALIDITY, so both are kept; `lockedUntil` is a lease so one worker
 * at a time follows a mailbox, whatever the number of app instances.
 */
export const emailMailboxes = pgTable("email_mailboxes", {
  inboxId: uuid()
    .primaryKey()
    .references(() => inboxes.id),
  /** Which mailbox (server, user, folder) the position below belongs to: a changed connection starts over. */
  mailboxKey: text(),
  uidValidity: text(),
  // IMAP UIDs are unsigned 32-bit: past int4's range.
  lastUid: bigint({ mode: "number" }).notNull().default(0),
  /** When the last sync that reached the end of the mailbox started: the rescan point after a UIDVALIDITY change. */
  lastSyncAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lastErrorAt: timestamp({ withTimezone: true }),
  /** Failing mailboxes are polled less often (backoff); healthy ones at every tick. */
  nextSyncAt: timestamp({ withTimezone: true }),
  failures: integer().notNull().default(0),
  lockedUntil: timestamp({ withTimezone: true }),
});

export type EmailAddress = { address: string; name?: string };

/**
 * Email-only facts about a message, joined to `messages` by (inbox, source id = Message-ID).
 * Written before the message is ingested, so the thread never shows a mail without them.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    inboxId: uuid()
      .notNull()
      .references(() => inboxes.id),
    messageIdHeader: text().notNull(),
    subject: text(),
    from: jsonb().$type<EmailAddress | null>(),
    to: jsonb().$type<EmailAddress[]>().notNull().default([]),
    cc: jsonb().$type<EmailAddress[]>().notNull().default([]),
    /** Sanitized HTML body (scripts, handlers and forms removed; quoted history wrapped), or null for plain-text mail. */
    html: text(),
    /** How many remote images the HTML would load; they stay blocked until an agent asks. */
    remoteImages: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.messageIdHeader] })],
);

/**
 * Widget stream tickets already used to open a stream: a ticket opens one stream only, so one that
 * leaked from an access log is worthless. Rows are kept until the ticket would have expired anyway.
 */
export const widgetTicketUses = pgTable(
  "widget_ticket_uses",
  {
    nonce: text().primaryKey(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("widget_ticket_uses_expires_idx").on(t.expiresAt)],
);
