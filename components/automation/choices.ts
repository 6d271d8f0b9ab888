import { CHANNEL_TYPES } from "@/lib/channels/types";
import { channelLabel } from "@/components/channels/look";
import { CHANGEABLE } from "@/lib/automation/rule.schema";

/*
 * The fixed value lists the editor offers, with human names. They mirror the enums of
 * lib/automation/rule.schema.ts (which keeps them private); the server still validates every value.
 */
export type Choice = { id: string; label: string };

export const STATUS_CHOICES: Choice[] = [
  { id: "open", label: "Open" },
  { id: "pending", label: "Pending" },
  { id: "snoozed", label: "Snoozed" },
  { id: "resolved", label: "Resolved" },
];

/** set_status takes these three only: snoozing has its own action with a duration. */
export const SET_STATUS_CHOICES = STATUS_CHOICES.filter((s) => s.id !== "snoozed");

export const PRIORITY_CHOICES: Choice[] = [
  { id: "none", label: "None" },
  { id: "low", label: "Low" },
  { id: "medium", label: "Medium" },
  { id: "high", label: "High" },
  { id: "urgent", label: "Urgent" },
];

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
