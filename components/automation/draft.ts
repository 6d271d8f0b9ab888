import { ACTIONS, FIELDS, VALUELESS, type ActionType, type ConditionField, type RuleEvent, type ValueKind } from "@/lib/automation/rule.schema";

/*
 * The editor's working copy of a rule. Values stay as the user typed them (minutes as text, an
 * unchosen team as ""), and toRuleBody turns the draft into the docs/architecture.md §5.7 body unchanged
 * otherwise: the server's zod schema decides what is wrong, so its field errors are the ones shown.
 */
export type DraftCondition = { key: string; field: ConditionField; operator: string; value: unknown };
export type DraftAction = {
  key: string;
  type: ActionType;
  teamId: string;
  agentId: string;
  labelIds: string[];
  priority: string;
  status: string;
  minutes: string;
  content: string;
  url: string;
};
export type RuleDraft = {
  name: string;
  description: string;
  active: boolean;
  event: RuleEvent;
  scope: "workspace" | "inboxes";
  inboxIds: string[];
  match: "all" | "any";
  conditions: DraftCondition[];
  actions: DraftAction[];
  stopProcessing: boolean;
  oncePerConversation: boolean;
};

/** A stored rule as the editor receives it (the writable part of RuleView). */
export type StoredRule = {
  id: string;
  name: string;
  description: string;
  active: boolean;
  event: RuleEvent;
  inboxIds: string[];
  match: "all" | "any";
  conditions: { field: ConditionField; operator: string; value?: unknown }[];
  actions: ({ type: ActionType } & Record<string, unknown>)[];
  stopProcessing: boolean;
  oncePerConversation: boolean;
  webhookSecret: string;
};

let seq = 0;
const newKey = () => `k${++seq}`;

/** The empty value a field's control starts with. */
export function emptyValue(kind: ValueKind): unknown {
  switch (kind) {
    case "text":
    case "minutes":
      return "";
    case "openClosed":
      return "closed";
    case "none":
      return undefined;
    default:
      return [];
  }
}

export const fieldFits = (field: ConditionField, event: RuleEvent) => {
  const only = (FIELDS[field] as { events?: readonly RuleEvent[] }).events;
  return !only || only.includes(event);
};

export function newCondition(event: RuleEvent): DraftCondition {
  const field: ConditionField = fieldFits("content", event) ? "content" : "subject";
  return { key: newKey(), field, operator: FIELDS[field].operators[0], value: emptyValue(FIELDS[field].value) };
}

/** The same row with another field: its first operator and an empty value of the new kind. */
export function withField(c: DraftCondition, field: ConditionField): DraftCondition {
  const spec = FIELDS[field];
  const sameKind = FIELDS[c.field].value === spec.value;
  return { ...c, field, operator: (spec.operators as readonly string[]).includes(c.operator) ? c.operator : spec.operators[0], value: sameKind ? c.value : emptyValue(spec.value) };
}

export function newAction(type: ActionType = "assign_team"): DraftAction {
  return { key: newKey(), type, teamId: "", agentId: "", labelIds: [], priority: "high", status: "resolved", minutes: "60", content: "", url: "" };
}

export function emptyDraft(inboxId?: string): RuleDraft {
  return {
    name: "",
    description: "",
    active: true,
    event: "message.received",
    scope: inboxId ? "inboxes" : "workspace",
    inboxIds: inboxId ? [inboxId] : [],
    match: "all",
    conditions: [newCondition("message.received")],
    actions: [newAction()],
    stopProcessing: false,
    oncePerConversation: false,
  };
}

export function draftFromRule(rule: StoredRule): RuleDraft {
  return {
    name: rule.name,
    description: rule.description,
    active: rule.active,
    event: rule.event,
    scope: rule.inboxIds.length ? "inboxes" : "workspace",
    inboxIds: rule.inboxIds,
    match: rule.match,
    conditions: rule.conditions.map((c) => ({
      key: newKey(),
      field: c.field,
      operator: c.operator,
      value: VALUELESS.has(c.operator) ? emptyValue(FIELDS[c.field].value) : FIELDS[c.field].value === "minutes" ? String(c.value ?? "") : c.value,
    })),
    actions: rule.actions.map((a) => {
      const base = newAction(a.type);
      const str = (k: string) => (typeof a[k] === "string" ? (a[k] as string) : "");
      return {
        ...base,
        teamId: str("teamId"),
        agentId: str("agentId"),
        labelIds: Array.isArray(a.labelIds) ? (a.labelIds as string[]) : [],
        priority: str("priority") || base.priority,
        status: str("status") || base.status,
        minutes: typeof a.minutes === "number" ? String(a.minutes) : base.minutes,
        content: str("content"),
        url: str("url"),
      };
    }),
    stopProcessing: rule.stopProcessing,
    oncePerConversation: rule.oncePerConversation,
  };
}

/** "90" → 90; anything else goes as typed so the server names the problem ("Enter whole minutes"). */
const minutesValue = (raw: unknown) => (typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw === "" ? undefined : raw);

export function actionBody(a: DraftAction): Record<string, unknown> {
  switch (ACTIONS[a.type].params) {
    case "team":
      return { type: a.type, teamId: a.teamId };
    case "agent":
      return { type: a.type, agentId: a.agentId };
    case "labels":
      return { type: a.type, labelIds: a.labelIds };
    case "priority":
      return { type: a.type, priority: a.priority };
    case "status":
      return { type: a.type, status: a.status };
    case "minutes":
      return { type: a.type, minutes: minutesValue(a.minutes) };
    case "content":
      return { type: a.type, content: a.content };
    case "url":
      return { type: a.type, url: a.url };
    case "none":
      return { type: a.type };
  }
}

/** The rule body of docs/architecture.md §5.7 (without position: a save keeps the rule's place in the order). */
export function toRuleBody(d: RuleDraft) {
  return {
    name: d.name,
    description: d.description,
    active: d.active,
    event: d.event,
    inboxIds: d.scope === "inboxes" ? d.inboxIds : [],
    match: d.match,
    conditions: d.conditions.map((c) => {
      if (VALUELESS.has(c.operator)) return { field: c.field, operator: c.operator };
      const kind = FIELDS[c.field].value;
      return { field: c.field, operator: c.operator, value: kind === "minutes" ? minutesValue(c.value) : c.value };
    }),
    actions: d.actions.map(actionBody),
    stopProcessing: d.stopProcessing,
    oncePerConversation: d.oncePerConversation,
  };
}

/** Moves item `from` to index `to` (both in range), returning a new array. */
export function move<T>(items: T[], from: number, to: number): T[] {
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
