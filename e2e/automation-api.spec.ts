import { expect, test } from "@playwright/test";
import { expectError, NO_ID, type Api } from "./support/api-client";
import { ingest, makeAgent, makeInbox, makeTeam, tag, withAdminApi } from "./support/workspace-helpers";

/*
 * Automation rules (docs/architecture.md §5.7) as an integrator would probe them over REST: shapes, the
 * 400/403/404/422 answers, test-before-save, routing of a signed inbound message, the run log.
 * Every rule here is scoped to this spec's own inboxes: the database is shared with other specs.
 */
let admin: Api;

withAdminApi((s) => ({ admin } = s));

test("REST: automation rules CRUD, refusals, test-before-save, routing on arrival and the run log", async () => {
  const t = tag();
  const billingAgent = await makeAgent(admin, "Billing");
  const outsider = await makeAgent(admin, "Outsider");
  const billing = await makeTeam(admin, [billingAgent], "Billing");
  const inbox = await makeInbox(admin, { teams: [billing], name: `Shop ${t}` });
  const otherInbox = await makeInbox(admin, { agents: [outsider], name: `Elsewhere ${t}` });
  const refundLabel = await admin.post("/labels", { name: `Refund ${t}`, color: "#cc3344" });
  const past = await ingest(admin, inbox, `Past Refund ${t}`, "Can I get a refund for order 9?");
  await ingest(admin, inbox, `Past Other ${t}`, "Where is my parcel?");

  const body = {
    name: `Refunds ${t}`,
    event: "message.received",
    inboxIds: [inbox.id],
    conditions: [{ field: "content", operator: "contains", value: "refund" }],
    actions: [
      { type: "assign_team", teamId: billing.id },
      { type: "add_labels", labelIds: [refundLabel.id] },
      { type: "set_priority", priority: "high" },
    ],
  };

  // Agents may not read or write rules.
  await expectError(await billingAgent.api.call("GET", "/automation-rules"), 403, "forbidden");
  await expectError(await billingAgent.api.call("POST", "/automation-rules", body), 403, "forbidden");
  await expectError(await billingAgent.api.call("GET", `/inboxes/${inbox.id}/automation-rules`), 403, "forbidden");

  // 400 with the field at fault; 422 for targets, naming the inbox.
  const badOp = await expectError(await admin.call("POST", "/automation-rules", { ...body, conditions: [{ field: "content", operator: "gte", value: 3 }] }), 400, "validation");
  expect(badOp.fields).toHaveProperty(["conditions.0.operator"]);
  const misfit = await expectError(await admin.call("POST", "/automation-rules", { ...body, event: "conversation.updated" }), 400, "validation");
  expect(misfit.fields).toHaveProperty(["conditions.0.field"]);
  const unknownField = await expectError(await admin.call("POST", "/automation-rules", { ...body, colour: "red" }), 400, "validation");
  expect(unknownField.message).toMatch(/colour/);
  await expectError(await admin.call("POST", "/automation-rules", "{not json"), 400, "validation");
  const missing = await expectError(await admin.call("POST", "/automation-rules", { ...body, actions: [{ type: "assign_team", teamId: NO_ID }] }), 422, "unprocessable");
  expect(missing.fields).toHaveProperty(["actions.0.teamId"]);
  const wrongInbox = await expectError(
    await admin.call("POST", "/automation-rules", { ...body, inboxIds: [otherInbox.id] }),
    422,
    "unprocessable",
  );
  expect(wrongInbox.message).toBe(`Team ${billing.name} is not assigned to inbox Elsewhere ${t}`);
  const agentOutside = await expectError(
    await admin.call("POST", "/automation-rules", { ...body, actions: [{ type: "assign_agent", agentId: outsider.id }] }),
    422,
    "unprocessable",
  );
  expect(agentOutside.message).toBe(`${outsider.name} cannot see inbox Shop ${t}`);

  // Test before saving: the matches among recent conversations, nothing changed.
  const tested = await admin.expect(200, "POST", "/automation-rules/test", { rule: body });
  expect(tested.checked).toBe(2);
  expect(tested.matches).toEqual([expect.objectContaining({ conversationId: past.id, number: past.number })]);
  expect((await admin.get(`/conversations/${past.id}`)).priority).toBe("none");
  const testBad = await expectError(await admin.call("POST", "/automation-rules/test", { rule: { ...body, name: "" } }), 400, "validation");
  expect(testBad.fields).toHaveProperty(["rule.name"]);

  // Create: every field of the contract.
  const rule = await admin.post("/automation-rules", body);
  expect(rule).toEqual({
    id: expect.any(String),
    name: `Refunds ${t}`,
    description: "",
    active: true,
    event: "message.received",
    inboxIds: [inbox.id],
    match: "all",
    conditions: body.conditions,
    actions: body.actions,
    stopProcessing: false,
    oncePerConversation: false,
    position: expect.any(Number),
    runCount: 0,
    lastRunAt: null,
    lastError: null,
    createdAt: expect.any(String),
    webhookSecret: expect.any(String),
  });
  expect((await admin.get("/automation-rules")).data.map((r: { id: string }) => r.id)).toContain(rule.id);
  expect((await admin.get(`/inboxes/${inbox.id}/automation-rules`)).data.map((r: { id: string }) => r.id)).toContain(rule.id);
  expect((await admin.get(`/inboxes/${otherInbox.id}/automation-rules`)).data.map((r: { id: string }) => r.id)).not.toContain(rule.id);

  // A signed inbound message with "refund" arrives routed; an agent outside Billing never sees it.
  const routed = await ingest(admin, inbox, `New Refund ${t}`, "REFUND please, the mug broke");
  const seen = await billingAgent.api.get(`/conversations/${routed.id}`);
  expect(seen).toMatchObject({ teamId: billing.id, priority: "high", labels: [{ id: refundLabel.id, name: `Refund ${t}`, color: "#cc3344" }] });
  await expectError(await outsider.api.call("GET", `/conversations/${routed.id}`), 404, "not_found");
  const thread = (await billingAgent.api.get(`/conversations/${routed.id}/messages`)).data as { kind: string; content: string }[];
  expect(thread.filter((m) => m.kind === "activity").map((m) => m.content)).toContain(`Rule "Refunds ${t}": team ${billing.name}, label Refund ${t}, priority high`);

  // The run log and the figures.
  const runs = (await admin.get(`/automation-rules/${rule.id}/runs`)).data;
  expect(runs).toEqual([
    expect.objectContaining({
      conversationId: routed.id,
      event: "message.received",
      at: expect.any(String),
      error: null,
      actions: [
        { type: "assign_team", outcome: "done", detail: `team ${billing.name}` },
        { type: "add_labels", outcome: "done", detail: `label Refund ${t}` },
        { type: "set_priority", outcome: "done", detail: "priority high" },
      ],
    }),
  ]);
  expect(await admin.get(`/automation-rules/${rule.id}`)).toMatchObject({ runCount: 1, lastError: null, lastRunAt: expect.any(String) });

  // PATCH replaces nested values whole; DELETE is 204, then 404.
  const patched = await admin.patch(`/automation-rules/${rule.id}`, { actions: [{ type: "set_priority", priority: "urgent" }], active: false });
  expect(patched).toMatchObject({ active: false, actions: [{ type: "set_priority", priority: "urgent" }], conditions: body.conditions });
  await expectError(await admin.call("PATCH", `/automation-rules/${rule.id}`, { event: "time", conditions: [{ field: "content", operator: "contains", value: "x" }] }), 400, "validation");
  await expectError(await admin.call("GET", "/automation-rules/not-an-id"), 404, "not_found");
  await admin.del(`/automation-rules/${rule.id}`);
  await expectError(await admin.call("GET", `/automation-rules/${rule.id}`), 404, "not_found");
  await expectError(await admin.call("GET", `/automation-rules/${rule.id}/runs`), 404, "not_found");
});
