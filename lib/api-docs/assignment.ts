import { z } from "zod";
import { autoAssignmentSchema } from "@/lib/assignment/settings.schema";

/*
 * Response shapes of users' presence and the auto-assignment queue (docs/architecture.md §5.8)
 * for the OpenAPI document: what lib/users/agents.ts, lib/assignment/presence.ts and
 * lib/assignment/queue-view.ts return, dates as ISO strings.
 */

const jsonOut = (schema: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const iso = z.string().describe("ISO 8601 date-time");
const presence = z.enum(["online", "busy", "offline"]);
const reason = z.enum(["no_agents_online", "all_at_capacity"]).nullable().describe("Why the oldest waiting conversation is not handed out; null when someone can take it");

export const userView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(["administrator", "agent"]),
  active: z.boolean(),
  availability: presence.describe("What the user chose (PATCH /profile)"),
  capacity: z.int().nullable().describe("At most this many open assigned conversations across inboxes; null = no cap (PATCH /agents/:id, administrators)"),
  presence: presence.describe("online: available and the app open (a live event stream, or closed less than 2 minutes ago); busy: said so; offline otherwise"),
});

const summary = {
  waiting: z.int().describe("How many wait in all"),
  oldestWaitingSince: iso.nullable(),
  reason,
  team: z.object({ id: z.string(), name: z.string() }).nullable().describe("The team the oldest waiting conversation is kept for, when the reason is about that team"),
};

export const inboxQueueView = z.object({
  data: z
    .array(z.object({ conversationId: z.string(), number: z.int(), waitingSince: iso, priority: z.enum(["none", "low", "medium", "high", "urgent"]) }))
    .describe("In serving order (priority, then longest waiting); at most 200"),
  ...summary,
});

export const workspaceQueueView = z.object({
  data: z.array(z.object({ inboxId: z.string(), inboxName: z.string(), ...summary })).describe("Visible inboxes with auto-assignment on and someone waiting, by name"),
});

export const assignmentSchemas = {
  User: jsonOut(userView),
  UserList: jsonOut(z.object({ data: z.array(userView) })),
  AutoAssignment: jsonOut(autoAssignmentSchema),
  InboxQueue: jsonOut(inboxQueueView),
  WorkspaceQueue: jsonOut(workspaceQueueView),
  PresenceList: jsonOut(z.object({ data: z.array(z.object({ id: z.string(), presence })) })),
};
export type AssignmentSchemaName = keyof typeof assignmentSchemas;
