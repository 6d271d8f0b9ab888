export const REALTIME_CHANNEL = "konversio_events";

export type RealtimeEvent =
  | { type: "conversation.created" | "conversation.updated"; conversationId: string; inboxId: string }
  | { type: "message.created" | "message.updated"; conversationId: string; messageId: string; inboxId: string }
  | { type: "inbox.updated"; inboxId: string }
  /** Memberships or a user's role/active flag changed: streams re-check who they belong to. */
  | { type: "access.changed"; userId?: string }
  /** A label was created, renamed, recoloured or deleted: every tab refetches labels, lists and threads. */
  | { type: "labels.changed" }
  /** A rule was saved, reordered or deleted: every instance drops its cached rules (lib/automation/cache.ts). Never sent to browsers. */
  | { type: "automation.changed" };
