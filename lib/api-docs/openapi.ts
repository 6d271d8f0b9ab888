import { z, type ZodType } from "zod";
import { createMessageSchema, listConversationsSchema, startConversationSchema, updateConversationSchema } from "@/lib/conversations/conversation.schema";
import { agentIdsSchema, createInboxSchema, teamIdsSchema, updateInboxSchema } from "@/lib/inboxes/inbox.schema";
import { teamInput, teamMembersInput, teamPatch } from "@/lib/teams/team.schema";
import { createAgentSchema, profileSchema, updateAgentSchema } from "@/lib/users/user.schema";
import { loginSchema } from "@/lib/auth/credentials.schema";
import { conversationLabelsInput, labelInput, labelPatch } from "@/lib/labels/label.schema";
import { reorderInput, ruleInput, rulePatch, ruleTestInput } from "@/lib/automation/rule.schema";
import { assignmentSchemas, type AssignmentSchemaName } from "./assignment";
import { automationSchemas, type AutomationSchemaName } from "./automation";

/*
 * The REST API v1 contract as OpenAPI 3.1, built from the same zod schemas the endpoints parse
 * with, so the document cannot drift from what the server accepts.
 */
const json = (schema: ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

type Op = {
  summary: string;
  who: string;
  body?: ZodType;
  query?: ZodType;
  ok: number;
  response?: string;
  /** The answer's JSON schema, in components.schemas. */
  schema?: AutomationSchemaName | AssignmentSchemaName;
  errors?: number[];
};

const ID = { name: "id", in: "path", required: true, schema: { type: "string" } };
const emailHtmlQuery = z.object({ images: z.literal("1").optional().describe("1: let the document load the mail's remote images") });

const ops: Record<string, Partial<Record<"get" | "post" | "patch" | "put" | "delete", Op>>> = {
  "/auth/token": { post: { summary: "Exchange email and password for an access token", who: "anyone", body: loginSchema, ok: 200, response: "{token, user}", errors: [400, 401, 429] } },
  "/profile": {
    get: { summary: "The caller", who: "user", ok: 200, response: "User", schema: "User" },
    patch: { summary: "Change your own name or availability (online, busy, offline)", who: "user", body: profileSchema, ok: 200, response: "User", schema: "User", errors: [400] },
  },
  "/presence": {
    get: { summary: "Every active user's presence (online, busy, offline), for the dots beside names", who: "user", ok: 200, response: "{data: {id, presence}[]}", schema: "PresenceList" },
  },
  "/queue": {
    get: {
      summary: "The auto-assignment queues of the inboxes the caller sees: how many wait, since when, and why (`inboxId` narrows it to one)",
      who: "user",
      query: z.object({ inboxId: z.string().optional() }),
      ok: 200,
      response: "{data: {inboxId, inboxName, waiting, oldestWaitingSince, reason, team}[]}",
      schema: "WorkspaceQueue",
      errors: [404],
    },
  },
  "/agents": {
    get: { summary: "List users (with capacity and presence)", who: "any user", ok: 200, response: "{data: User[]}", schema: "UserList" },
    post: { summary: "Add an agent or administrator", who: "administrator", body: createAgentSchema, ok: 201, response: "User", errors: [400, 403, 409] },
  },
  "/agents/{id}": {
    get: { summary: "One user", who: "any user", ok: 200, response: "User", schema: "User", errors: [404] },
    patch: { summary: "Change name, email, role, password, active flag or capacity (open assigned conversations across inboxes; null = no cap)", who: "administrator", body: updateAgentSchema, ok: 200, response: "User", schema: "User", errors: [400, 403, 404, 409] },
    delete: { summary: "Deactivate (sessions, tokens and event streams stop at once)", who: "administrator", ok: 204, errors: [403, 404, 409] },
  },
  "/teams": {
    get: { summary: "List teams", who: "any user", ok: 200, response: "{data: Team[]}" },
    post: { summary: "Create a team", who: "administrator", body: teamInput, ok: 201, response: "Team", errors: [400, 403, 409] },
  },
  "/teams/{id}": {
    get: { summary: "One team", who: "any user", ok: 200, response: "Team", errors: [404] },
    patch: { summary: "Rename or describe", who: "administrator", body: teamPatch, ok: 200, response: "Team", errors: [400, 403, 404, 409] },
    delete: { summary: "Delete a team", who: "administrator", ok: 204, errors: [403, 404] },
  },
  "/teams/{id}/members": {
    get: { summary: "Members of a team", who: "administrator", ok: 200, response: "{data: User[]}" },
    put: { summary: "Replace the members", who: "administrator", body: teamMembersInput, ok: 200, response: "{data: User[]}", errors: [400, 403, 404, 422] },
  },
  "/labels": {
    get: { summary: "List labels, by name, with how many conversations the caller can see carry each (conversationCount) and how many of those are open (openCount)", who: "any user", ok: 200, response: "{data: {id, name, color, description, conversationCount, openCount}[]}" },
    post: { summary: "Create a label (name unique case-insensitively, no commas; color #rrggbb)", who: "administrator", body: labelInput, ok: 201, response: "Label {id, name, color, description}", errors: [400, 403, 409] },
  },
  "/labels/{id}": {
    get: { summary: "One label", who: "any user", ok: 200, response: "Label", errors: [404] },
    patch: { summary: "Rename, recolour or describe (shows on every conversation at once)", who: "administrator", body: labelPatch, ok: 200, response: "Label", errors: [400, 403, 404, 409] },
    delete: { summary: "Delete a label (it leaves every conversation that carried it)", who: "administrator", ok: 204, errors: [403, 404] },
  },
  "/inboxes": {
    get: { summary: "Inboxes the caller can see", who: "user", ok: 200, response: "{data: Inbox[]}" },
    post: { summary: "Create an inbox (credentials are checked with the provider first)", who: "administrator", body: createInboxSchema, ok: 201, response: "Inbox", errors: [400, 403, 409, 422] },
  },
  "/inboxes/{id}": {
    get: { summary: "One inbox (administrators may read deleted ones)", who: "who can see it", ok: 200, response: "Inbox", errors: [404] },
    patch: { summary: "Rename, change channel settings and credentials, business hours (`businessHours`: {timezone, schedule: {mon..sun: [{from, to}]}, holidays} or null) and auto-replies (`autoReplies`: {greeting, outOfOffice}: {enabled, message}), auto-assignment (`autoAssignment`: {enabled, mode: \"balanced\"|\"round_robin\", capacity: per-agent cap in this inbox or null}, schema AutoAssignment); nested objects replace the stored value whole. The inbox answers `openNow` too", who: "administrator", body: updateInboxSchema, ok: 200, response: "Inbox", errors: [400, 403, 404, 409, 410, 422] },
    delete: { summary: "Delete (conversations are kept for administrators; webhooks answer 410)", who: "administrator", ok: 204, errors: [403, 404] },
  },
  "/inboxes/{id}/agents": {
    get: { summary: "Direct members", who: "administrator", ok: 200, response: "{data: User[]}" },
    put: { summary: "Replace direct members", who: "administrator", body: agentIdsSchema, ok: 200, response: "{data: User[]}", errors: [400, 403, 404, 422] },
  },
  "/inboxes/{id}/teams": {
    get: { summary: "Assigned teams", who: "administrator", ok: 200, response: "{data: Team[]}" },
    put: { summary: "Replace assigned teams", who: "administrator", body: teamIdsSchema, ok: 200, response: "{data: Team[]}", errors: [400, 403, 404, 422] },
  },
  "/inboxes/{id}/automation-rules": {
    get: { summary: "The rules that run in this inbox (its own and workspace rules), in run order: the inbox's Automation tab", who: "administrator", ok: 200, response: "{data: AutomationRule[]}", schema: "AutomationRuleList", errors: [403, 404] },
  },
  "/inboxes/{id}/queue": {
    get: { summary: "The inbox's auto-assignment queue in the order it is served, and why it waits", who: "who can see the inbox", ok: 200, response: "{data: {conversationId, number, waitingSince, priority}[], reason: null | \"no_agents_online\" | \"all_at_capacity\", waiting, oldestWaitingSince, team}", schema: "InboxQueue", errors: [404] },
  },
  "/inboxes/{id}/email/sync": {
    post: { summary: "Check an email inbox's mailbox now: queue an immediate sync (its outcome becomes the mailbox's last sync or last error)", who: "administrator", ok: 202, response: "{inboxId, status: \"queued\"}", errors: [403, 404, 410] },
  },
  "/automation-rules": {
    get: { summary: "Every automation rule, in run order (position, then oldest first)", who: "administrator", ok: 200, response: "{data: AutomationRule[]}", schema: "AutomationRuleList", errors: [403] },
    post: { summary: "Create a rule (`inboxIds: []` runs it in every inbox; without `position` it goes last). A condition that does not fit the event or a field's operator → 400 naming it (`conditions.0.operator`); an unknown team, agent or label, or one the rule's inboxes cannot use → 422 naming the inbox; at most 100 rules, 20 conditions and 20 actions", who: "administrator", body: ruleInput, ok: 201, response: "AutomationRule", schema: "AutomationRule", errors: [400, 403, 422] },
  },
  "/automation-rules/{id}": {
    get: { summary: "One rule, with its run count, last run and last error", who: "administrator", ok: 200, response: "AutomationRule", schema: "AutomationRule", errors: [403, 404] },
    patch: { summary: "Change a rule; `conditions` and `actions` replace the stored lists whole. Saving clears `lastError`", who: "administrator", body: rulePatch, ok: 200, response: "AutomationRule", schema: "AutomationRule", errors: [400, 403, 404, 422] },
    delete: { summary: "Delete a rule (its run log goes with it)", who: "administrator", ok: 204, errors: [403, 404] },
  },
  "/automation-rules/reorder": {
    post: { summary: "Run order: the listed rules get positions 10, 20, 30… in that order (the others keep theirs); answers every rule in the new run order", who: "administrator", body: reorderInput, ok: 200, response: "{data: AutomationRule[]}", schema: "AutomationRuleList", errors: [400, 403, 422] },
  },
  "/automation-rules/test": {
    post: { summary: "Test before saving: the conditions of an unsaved `rule` (validated like a POST, fields under `rule.`) against the most recent `limit` (default 50, at most 200) conversations in its scope; changes nothing", who: "administrator", body: ruleTestInput, ok: 200, response: "{checked, matches: [{conversationId, number, contactName, subject, preview, inboxName}]}", schema: "AutomationTestResult", errors: [400, 403, 422] },
  },
  "/automation-rules/{id}/runs": {
    get: { summary: "The rule's last 100 runs, newest first: what each action did (done, unchanged, skipped, failed) and why", who: "administrator", ok: 200, response: "{data: AutomationRun[]}", schema: "AutomationRunList", errors: [403, 404] },
  },
  "/conversations": {
    get: { summary: "Visible conversations, keyset-paginated, with assignee counts", who: "user", query: listConversationsSchema, ok: 200, response: "{data: Conversation[] (each with labels: {id, name, color}[]), nextCursor, counts: {mine, unassigned, all}}", errors: [400] },
    post: { summary: "Write first: start a conversation by email (the first message is queued like a reply and the conversation is assigned to the caller)", who: "who can see the inbox", body: startConversationSchema, ok: 201, response: "Conversation", errors: [400, 404, 410] },
  },
  "/conversations/{id}": {
    get: { summary: "One conversation (id or #number)", who: "who can see it", ok: 200, response: "Conversation", errors: [404] },
    patch: { summary: "Status, snooze, assignee, team, priority", who: "who can see it", body: updateConversationSchema, ok: 200, response: "Conversation", errors: [400, 404, 410, 422] },
  },
  "/conversations/{id}/labels": {
    put: { summary: "Replace the conversation's labels (an activity line records who added or removed which)", who: "who can see it", body: conversationLabelsInput, ok: 200, response: "Conversation", errors: [400, 404, 422] },
  },
  "/conversations/{id}/messages": {
    get: { summary: "The thread, oldest first. A message's `sender` is {type: \"user\"|\"contact\", id, name}, or {type: \"automation\", id, name} (components.schemas.AutomationSender) for what an auto-reply or a rule sent, or null", who: "who can see it", ok: 200, response: "{data: Message[]}", errors: [404] },
    post: { summary: "Reply or add a private note", who: "who can reply", body: createMessageSchema, ok: 201, response: "Message", errors: [400, 404, 410] },
  },
  "/conversations/{id}/attachments": {
    post: { summary: "Upload one file (multipart field `file`, up to 10 MB; images, PDF, TXT, CSV, DOCX, XLSX, ZIP) to send with the next message via `attachmentIds`", who: "who can reply", ok: 201, response: "{id, name, contentType, size, url}", errors: [400, 404, 410, 429] },
  },
  "/conversations/{id}/email": {
    get: { summary: "Email conversations: each mail's headers by message id (subject, from, to, cc, whether it has an HTML body, how many remote images it would load, and for a plain-text forward the forwarder's note and the original mail), and whom the next reply goes to", who: "who can see it", ok: 200, response: "{data: {[messageId]: {subject, from, to, cc, hasHtml, remoteImages, forwarded: {note, from: {name?, address} | null, date, subject, body} | null}}, replyRecipients: {to, cc, omitted} | null}", errors: [404] },
  },
  "/conversations/{id}/messages/{messageId}/html": {
    get: { summary: "A mail's sanitized HTML body as an isolated text/html document (strict Content-Security-Policy, no scripts); remote images load only with images=1", who: "who can see it", query: emailHtmlQuery, ok: 200, response: "text/html", errors: [404] },
  },
  "/conversations/{id}/messages/{messageId}/resend": { post: { summary: "Queue a failed reply again", who: "who can reply", ok: 200, response: "Message", errors: [404, 409, 410] } },
  "/conversations/{id}/assignable": {
    get: { summary: "Who may be put on the conversation: the agents and teams a PATCH accepts (none in a deleted inbox)", who: "who can see it", ok: 200, response: "{agents: {id, name, email, role, presence}[], teams: {id, name}[]}", errors: [404] },
  },
  "/conversations/{id}/contact-conversations": {
    get: { summary: "The contact's other conversations that the caller may see, latest first (at most 20)", who: "who can see it", ok: 200, response: "{data: {id, number, status, lastActivityAt, preview, inboxName, channelType}[]}", errors: [404] },
  },
  "/conversations/{id}/read": { post: { summary: "Clear the unread marker for the caller", who: "who can see it", ok: 204, errors: [404] } },
  "/events": { get: { summary: "Server-Sent Events of visible changes", who: "user", ok: 200, response: "text/event-stream" } },
};

const errorSchema = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, fields: { type: "object" } }, required: ["code", "message"] } },
};

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(ops)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ ...ID, name: m[1] }));
      if (op.query) {
        const q = json(op.query) as { properties?: Record<string, unknown> };
        for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: "query", required: false, schema } as never);
      }
      paths[path][method] = {
        summary: op.summary,
        description: `Who: ${op.who}.`,
        parameters: params,
        ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: json(op.body) } } } } : {}),
        responses: {
          [op.ok]: {
            description: op.response ?? "No content",
            ...(op.schema ? { content: { "application/json": { schema: { $ref: `#/components/schemas/${op.schema}` } } } } : {}),
          },
          401: { description: "Not signed in", content: { "application/json": { schema: errorSchema } } },
          ...Object.fromEntries((op.errors ?? []).map((s) => [s, { description: "Error", content: { "application/json": { schema: errorSchema } } }])),
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Konversio REST API", version: "1.0.0", description: "Errors: {error:{code,message,fields?}}. Authenticate with Authorization: Bearer <token>." },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas: { ...automationSchemas, ...assignmentSchemas } },
    security: [{ bearer: [] }],
    paths,
  };
}

export type OpenApiOperation = { path: string; method: string; summary: string; who: string };
export function operations(): OpenApiOperation[] {
  return Object.entries(ops).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), summary: op.summary, who: op.who })));
}
