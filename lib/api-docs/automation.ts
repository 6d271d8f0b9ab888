import { z } from "zod";
import { ACTION_TYPES, actionSchema, CONDITION_FIELDS, EVENTS, OPERATOR_LABELS } from "@/lib/automation/rule.schema";

/*
 * Response shapes of the automation endpoints (docs/architecture.md §5.7) for the OpenAPI document. Request
 * bodies come straight from the schemas the routes parse with (lib/automation/rule.schema.ts);
 * answers are what lib/automation/rules.ts, runs.ts and test-rule.ts return, dates as ISO strings.
 */

const jsonOut = (schema: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const iso = z.string().describe("ISO 8601 date-time");

/** A stored condition: the value fits the field (a text, a list, minutes, "open"/"closed"); is_present/is_empty have none. */
export const conditionView = z.object({
  field: z.enum(CONDITION_FIELDS as [string, ...string[]]),
  operator: z.enum(Object.keys(OPERATOR_LABELS) as [string, ...string[]]),
  value: z.union([z.string(), z.array(z.string()), z.int()]).optional(),
});

export const ruleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  event: z.enum(EVENTS),
  inboxIds: z.array(z.string()).describe("[] = every inbox (a workspace rule)"),
  match: z.enum(["all", "any"]),
  conditions: z.array(conditionView),
  actions: z.array(actionSchema).describe(`Run in order; type one of ${ACTION_TYPES.join(", ")}`),
  stopProcessing: z.boolean(),
  oncePerConversation: z.boolean(),
  position: z.int().describe("Sort key: lower runs first, ties oldest first"),
  runCount: z.int(),
  lastRunAt: iso.nullable(),
  lastError: z.string().nullable(),
  createdAt: iso,
  webhookSecret: z.string().describe("Signs this rule's send_webhook calls (administrators only)"),
});

export const ruleRun = z.object({
  id: z.string(),
  conversationId: z.string(),
  number: z.int(),
  event: z.enum(EVENTS),
  at: iso,
  actions: z.array(
    z.object({
      type: z.enum(ACTION_TYPES as [string, ...string[]]),
      outcome: z.enum(["done", "unchanged", "skipped", "failed"]),
      detail: z.string().optional(),
    }),
  ),
  error: z.string().nullable(),
});

export const ruleTestResult = z.object({
  checked: z.int().describe("How many recent conversations in the rule's scope were evaluated"),
  matches: z.array(
    z.object({
      conversationId: z.string(),
      number: z.int(),
      contactName: z.string().nullable(),
      subject: z.string().nullable(),
      preview: z.string().nullable(),
      inboxName: z.string(),
    }),
  ),
});

/** `sender` of a message sent by an auto-reply or a rule. */
export const automationSender = z.object({ type: z.literal("automation"), id: z.string(), name: z.string() });

const list = (item: z.ZodType) => z.object({ data: z.array(item) });

export const automationSchemas = {
  AutomationRule: jsonOut(ruleView),
  AutomationRuleList: jsonOut(list(ruleView)),
  AutomationRun: jsonOut(ruleRun),
  AutomationRunList: jsonOut(list(ruleRun)),
  AutomationTestResult: jsonOut(ruleTestResult),
  AutomationSender: jsonOut(automationSender),
};
export type AutomationSchemaName = keyof typeof automationSchemas;
