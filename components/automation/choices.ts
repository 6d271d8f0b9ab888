import { CHANNEL_TYPES } from "@/lib/channels/types";
import { channelLabel } from "@/components/channels/look";
import { CHANGEABLE, PRIORITIES, SET_STATUSES, STATUSES } from "@/lib/automation/rule.schema";

/*
 * The fixed value lists the editor offers, with human names: the enums of
 * lib/automation/rule.schema.ts, named here. The server still validates every value.
 */
export type Choice = { id: string; label: string };

const STATUS_NAMES: Record<(typeof STATUSES)[number], string> = { open: "Open", pending: "Pending", snoozed: "Snoozed", resolved: "Resolved" };
export const STATUS_CHOICES: Choice[] = STATUSES.map((s) => ({ id: s, label: STATUS_NAMES[s] }));

/** set_status takes three only: snoozing has its own action with a duration. */
export const SET_STATUS_CHOICES: Choice[] = SET_STATUSES.map((s) => ({ id: s, label: STATUS_NAMES[s] }));

const PRIORITY_NAMES: Record<(typeof PRIORITIES)[number], string> = { none: "None", low: "Low", medium: "Medium", high: "High", urgent: "Urgent" };
export const PRIORITY_CHOICES: Choice[] = PRIORITIES.map((p) => ({ id: p, label: PRIORITY_NAMES[p] }));

export const CHANNEL_CHOICES: Choice[] = CHANNEL_TYPES.map((t) => ({ id: t, label: channelLabel(t) }));

const CHANGED_NAMES: Record<(typeof CHANGEABLE)[number], string> = {
  status: "Status",
  assigneeId: "Assignee",
  teamId: "Team",
  priority: "Priority",
  labelIds: "Labels",
};
export const CHANGED_CHOICES: Choice[] = CHANGEABLE.map((c) => ({ id: c, label: CHANGED_NAMES[c] }));

/** What the server-rendered pages hand the editor for its pickers. */
export type RuleOptions = {
  agents: { id: string; label: string; sublabel?: string }[];
  teams: { id: string; label: string; sublabel?: string }[];
  labels: { id: string; label: string; color: string }[];
  inboxes: { id: string; label: string; sublabel?: string }[];
};
