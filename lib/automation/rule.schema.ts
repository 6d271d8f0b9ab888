import { z } from "zod";
import { CHANNEL_TYPES } from "@/lib/channels/types";
import { templateProblems } from "@/lib/inboxes/auto-reply-template";

/*
 * Automation rules as the API and the editor see them (docs/architecture.md §5.7). This file is
 * shared by the server and the browser: the editor reads FIELDS and ACTIONS to offer exactly the
 * operators and value controls the API accepts.
 */

export const MAX_RULES = 100;
export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 20;
export const MAX_RULE_MESSAGE = 2000;
export const MAX_LIST_VALUES = 100;

export const EVENTS = ["conversation.created", "message.received", "conversation.updated", "time"] as const;
export type RuleEvent = (typeof EVENTS)[number];

export const EVENT_LABELS: Record<RuleEvent, string> = {
  "conversation.created": "A conversation is opened",
  "message.received": "A customer message arrives",
  "conversation.updated": "A conversation is changed",
  time: "Time passes (checked every minute)",
};

export const STATUSES = ["open", "pending", "snoozed", "resolved"] as const;
export const PRIORITIES = ["none", "low", "medium", "high", "urgent"] as const;
/** What set_status may set: snoozing has its own action, with a duration. */
export const SET_STATUSES = ["open", "pending", "resolved"] as const;
export const CHANGEABLE = ["status", "assigneeId", "teamId", "priority", "labelIds"] as const;

/** What a condition's value is, which decides both validation and the editor's control. */
export type ValueKind =
  | "text"
  | "none"
  | "domains"
  | "addresses"
  | "inboxes"
  | "channels"
  | "statuses"
  | "priorities"
  | "agents"
  | "teams"
  | "labels"
  | "openClosed"
  | "changed"
  | "minutes";

type FieldSpec = { label: string; operators: readonly string[]; value: ValueKind; events?: readonly RuleEvent[] };

const TEXT_OPS = ["contains", "not_contains", "equals", "starts_with"] as const;
const TEXT_PRESENCE_OPS = [...TEXT_OPS, "is_present", "is_empty"] as const;
const IN_OPS = ["in", "not_in"] as const;
const MESSAGE_EVENTS = ["message.received", "conversation.created"] as const;

export const FIELDS = {
  content: { label: "Message text", operators: TEXT_OPS, value: "text", events: MESSAGE_EVENTS },
  subject: { label: "Subject", operators: TEXT_PRESENCE_OPS, value: "text" },
  "contact.email": { label: "Contact email", operators: TEXT_PRESENCE_OPS, value: "text" },
  "contact.name": { label: "Contact name", operators: TEXT_PRESENCE_OPS, value: "text" },
  "contact.phone": { label: "Contact phone", operators: TEXT_PRESENCE_OPS, value: "text" },
  "contact.emailDomain": { label: "Contact email domain", operators: IN_OPS, value: "domains" },
  recipient: { label: "Sent to address", operators: IN_OPS, value: "addresses", events: MESSAGE_EVENTS },
  inboxId: { label: "Inbox", operators: IN_OPS, value: "inboxes" },
  channelType: { label: "Channel", operators: IN_OPS, value: "channels" },
  status: { label: "Status", operators: IN_OPS, value: "statuses" },
  priority: { label: "Priority", operators: IN_OPS, value: "priorities" },
  assigneeId: { label: "Assignee", operators: [...IN_OPS, "is_present", "is_empty"], value: "agents" },
  teamId: { label: "Team", operators: [...IN_OPS, "is_present", "is_empty"], value: "teams" },
  labelIds: { label: "Labels", operators: ["includes_any", "includes_all", "excludes"], value: "labels" },
  businessHours: { label: "Business hours", operators: ["is"], value: "openClosed" },
  changed: { label: "What changed", operators: ["in"], value: "changed", events: ["conversation.updated"] },
  minutesSinceLastIncoming: { label: "Minutes since the customer last wrote", operators: ["gte", "lte"], value: "minutes" },
  minutesSinceLastOutgoing: { label: "Minutes since we last replied", operators: ["gte", "lte"], value: "minutes" },
  minutesSinceCreated: { label: "Minutes since it was opened", operators: ["gte", "lte"], value: "minutes" },
} as const satisfies Record<string, FieldSpec>;
export type ConditionField = keyof typeof FIELDS;
export const CONDITION_FIELDS = Object.keys(FIELDS) as ConditionField[];

export const OPERATOR_LABELS: Record<string, string> = {
  contains: "contains",
  not_contains: "does not contain",
  equals: "is exactly",
  starts_with: "starts with",
  is_present: "is present",
  is_empty: "is empty",
  in: "is any of",
  not_in: "is none of",
  includes_any: "include any of",
  includes_all: "include all of",
  excludes: "include none of",
  is: "is",
  gte: "at least",
  lte: "at most",
};

/** Operators that take no value. */
export const VALUELESS = new Set(["is_present", "is_empty"]);

export const ACTIONS = {
  assign_team: { label: "Assign to team", params: "team" },
  remove_team: { label: "Remove team", params: "team" },
  assign_agent: { label: "Assign to agent", params: "agent" },
  unassign: { label: "Unassign", params: "none" },
  auto_assign: { label: "Hand to auto-assignment", params: "none" },
  add_labels: { label: "Add labels", params: "labels" },
  remove_labels: { label: "Remove labels", params: "labels" },
  set_priority: { label: "Set priority", params: "priority" },
  set_status: { label: "Set status", params: "status" },
  snooze: { label: "Snooze", params: "minutes" },
  send_message: { label: "Send a reply", params: "content" },
  add_note: { label: "Add a private note", params: "content" },
  send_webhook: { label: "Send a webhook", params: "url" },
} as const;
export type ActionType = keyof typeof ACTIONS;
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

const id = (what: string) => z.uuid(`Choose ${what}`);
const ids = (what: string) => z.array(id(what), `Choose ${what}`).min(1, `Choose at least one ${what}`).max(MAX_LIST_VALUES, `At most ${MAX_LIST_VALUES}`);
const text = z.string("Enter a value").trim().min(1, "Enter a value").max(500, "Keep it under 500 characters");
const enumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.array(z.enum(values, `Use one of: ${values.join(", ")}`), "Choose from the list").min(1, "Choose at least one").max(values.length);
const domain = z
  .string("Enter a domain")
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ""))
  .pipe(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "Enter a domain like example.com"));
const address = z.string("Enter an address").trim().toLowerCase().pipe(z.email("Enter an email address"));
const minutes = z.int("Enter whole minutes").min(0, "Use 0 or more minutes").max(525_600, "At most a year (525,600 minutes)");

const VALUE_SCHEMAS: Record<ValueKind, z.ZodType> = {
  text,
  none: z.undefined(),
  domains: z.array(domain, "Enter domains").min(1, "Enter at least one domain").max(MAX_LIST_VALUES, `At most ${MAX_LIST_VALUES}`),
  addresses: z.array(address, "Enter addresses").min(1, "Enter at least one address").max(MAX_LIST_VALUES, `At most ${MAX_LIST_VALUES}`),
  inboxes: ids("an inbox"),
  channels: enumList(CHANNEL_TYPES),
  statuses: enumList(STATUSES),
  priorities: enumList(PRIORITIES),
  agents: ids("an agent"),
  teams: ids("a team"),
  labels: ids("a label"),
  openClosed: z.enum(["open", "closed"], 'Use "open" or "closed"'),
  changed: enumList(CHANGEABLE),
  minutes,
};

const conditionShape = z.strictObject({
  field: z.enum(CONDITION_FIELDS as [ConditionField, ...ConditionField[]], "Choose a field"),
  operator: z.string("Choose an operator"),
  value: z.unknown().optional(),
});

/** One condition; the value is checked against what the field and operator take. */
export const conditionSchema = conditionShape.transform((c, ctx) => {
  const spec: FieldSpec = FIELDS[c.field];
  if (!spec.operators.includes(c.operator)) {
    ctx.addIssue({ code: "custom", path: ["operator"], message: `${spec.label} takes: ${spec.operators.join(", ")}` });
    return z.NEVER;
  }
  if (VALUELESS.has(c.operator)) {
    if (c.value !== undefined && c.value !== null) ctx.addIssue({ code: "custom", path: ["value"], message: `"${c.operator}" takes no value` });
    return { field: c.field, operator: c.operator };
  }
  const parsed = VALUE_SCHEMAS[spec.value].safeParse(c.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["value", ...issue.path.map(String)], message: issue.message });
    return z.NEVER;
  }
  return { field: c.field, operator: c.operator, value: parsed.data as unknown };
});
export type Condition = { field: ConditionField; operator: string; value?: unknown };

const content = z
  .string("Write the message")
  .trim()
  .min(1, "Write the message")
  .max(MAX_RULE_MESSAGE, `Keep it under ${MAX_RULE_MESSAGE} characters`)
  .superRefine((v, ctx) => {
    for (const problem of templateProblems(v)) ctx.addIssue({ code: "custom", message: problem });
  });

export const actionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("assign_team"), teamId: id("a team") }),
    z.strictObject({ type: z.literal("remove_team"), teamId: id("a team") }),
    z.strictObject({ type: z.literal("assign_agent"), agentId: id("an agent") }),
    z.strictObject({ type: z.literal("unassign") }),
    z.strictObject({ type: z.literal("auto_assign") }),
    z.strictObject({ type: z.literal("add_labels"), labelIds: ids("a label") }),
    z.strictObject({ type: z.literal("remove_labels"), labelIds: ids("a label") }),
    z.strictObject({ type: z.literal("set_priority"), priority: z.enum(PRIORITIES, `Use one of: ${PRIORITIES.join(", ")}`) }),
    z.strictObject({ type: z.literal("set_status"), status: z.enum(SET_STATUSES, "Use open, pending or resolved") }),
    z.strictObject({ type: z.literal("snooze"), minutes: minutes.min(1, "Snooze for at least a minute") }),
    z.strictObject({ type: z.literal("send_message"), content }),
    z.strictObject({ type: z.literal("add_note"), content }),
    z.strictObject({
      type: z.literal("send_webhook"),
      url: z
        .url({ protocol: /^https?$/, error: "Enter an http(s) URL" })
        .max(2000, "Keep the URL under 2,000 characters"),
    }),
  ],
  { error: `Choose an action: ${ACTION_TYPES.join(", ")}` },
);
export type Action = z.output<typeof actionSchema>;

const name = z.string("Give the rule a name").trim().min(1, "Give the rule a name").max(100, "Keep the name under 100 characters");
const description = z.string().trim().max(1000, "Keep the description under 1,000 characters");
const event = z.enum(EVENTS, `Use one of: ${EVENTS.join(", ")}`);
const inboxIds = z.array(z.uuid("Each inbox id must be an id"), "A list of inbox ids").max(MAX_LIST_VALUES, `At most ${MAX_LIST_VALUES} inboxes`);
const conditions = z.array(conditionSchema, "A list of conditions").max(MAX_CONDITIONS, `At most ${MAX_CONDITIONS} conditions`);
const actions = z.array(actionSchema, "A list of actions").min(1, "Add at least one action").max(MAX_ACTIONS, `At most ${MAX_ACTIONS} actions`);
const position = z.int("A whole number").min(-1_000_000).max(1_000_000);

/** Conditions that do not fit the event are refused at save time, naming the condition. */
function checkEventFit(r: { event?: RuleEvent; conditions?: Condition[] }, ctx: z.RefinementCtx) {
  if (!r.event || !r.conditions) return;
  r.conditions.forEach((c, i) => {
    const only = (FIELDS[c.field] as FieldSpec).events;
    if (only && !only.includes(r.event!)) {
      ctx.addIssue({ code: "custom", path: ["conditions", i, "field"], message: `${FIELDS[c.field].label} is only known on: ${only.join(", ")}` });
    }
  });
}

export const ruleInput = z
  .strictObject({
    name,
    description: description.default(""),
    active: z.boolean("true or false").default(true),
    event,
    inboxIds: inboxIds.default([]),
    match: z.enum(["all", "any"], 'Use "all" or "any"').default("all"),
    conditions: conditions.default([]),
    actions,
    stopProcessing: z.boolean("true or false").default(false),
    oncePerConversation: z.boolean("true or false").default(false),
    position: position.optional(),
  })
  .superRefine(checkEventFit);
export type RuleInput = z.output<typeof ruleInput>;

export const rulePatch = z.strictObject({
  name: name.optional(),
  description: description.optional(),
  active: z.boolean("true or false").optional(),
  event: event.optional(),
  inboxIds: inboxIds.optional(),
  match: z.enum(["all", "any"], 'Use "all" or "any"').optional(),
  conditions: conditions.optional(),
  actions: actions.optional(),
  stopProcessing: z.boolean("true or false").optional(),
  oncePerConversation: z.boolean("true or false").optional(),
  position: position.optional(),
});
export type RulePatch = z.output<typeof rulePatch>;
export { checkEventFit };

export const ruleTestInput = z.strictObject({
  rule: z.unknown(),
  limit: z.int("A whole number").min(1, "At least 1").max(200, "At most 200").default(50),
});

export const reorderInput = z.strictObject({
  ruleIds: z.array(z.uuid("Each rule id must be an id")).min(1).max(MAX_RULES),
});
