export const REALTIME_CHANNEL = "konversio_events";

export type RealtimeEvent =
  /** `assignedTo`: the conversation was just handed to this user by someone else (a person, a rule, the queue) — their tab notifies them. */
  | { type: "conversation.created" | "conversation.updated"; conversationId: string; inboxId: string; assignedTo?: string }
  | { type: "message.created" | "message.updated"; conversationId: string; messageId: string; inboxId: string }
  | { type: "inbox.updated"; inboxId: string }
  /** Memberships or a user's role/active flag changed: streams re-check who they belong to. */
  | { type: "access.changed"; userId?: string }
  /** A label was created, renamed, recoloured or deleted: every tab refetches labels, lists and threads. */
  | { type: "labels.changed" }
  /** A user's presence may have changed (availability set, came online, went away): dots refetch. Names no conversation. */
  | { type: "presence.changed"; userId: string }
  /** A rule was saved, reordered or deleted: every instance drops its cached rules (lib/automation/cache.ts). Never sent to browsers. */
  | { type: "automation.changed" };

/** Whom these events say a conversation was just handed to (the last to say so), if anyone. */
export function handedTo(events: RealtimeEvent[]): string | undefined {
  let to: string | undefined;
  for (const e of events) if ((e.type === "conversation.updated" || e.type === "conversation.created") && e.assignedTo) to = e.assignedTo;
  return to;
}
