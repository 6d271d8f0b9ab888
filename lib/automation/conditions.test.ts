import { describe, expect, it } from "vitest";
import { conditionHolds, ruleMatches, type ConversationFacts, type Facts } from "./conditions";
import type { Condition } from "./rule.schema";
import { conditionSchema } from "./rule.schema";

const now = new Date("2026-03-02T10:00:00Z"); // a Monday, 11:00 in Berlin
const conversation: ConversationFacts = {
  id: "c1",
  number: 7,
  inboxId: "i1",
  contactId: "k1",
  status: "open",
  priority: "none",
  assigneeId: null,
  teamId: "t1",
  subject: "Order #42",
  createdAt: new Date(now.getTime() - 90 * 60_000),
  lastIncomingAt: new Date(now.getTime() - 30 * 60_000),
  lastOutgoingAt: null,
  labelIds: ["l1", "l2"],
  contact: { name: "Maya Chen", email: "maya@Sales.Acme.com", phone: null },
  inbox: { name: "Support", channelType: "email", businessHours: { timezone: "Europe/Berlin", schedule: { mon: [{ from: "09:00", to: "17:00" }] }, holidays: [] }, deletedAt: null },
};
const facts: Facts = { now, conversation, message: { content: "I would like a REFUND", recipients: ["sales@shop.example"] } };
const holds = (c: Condition, f: Facts = facts) => conditionHolds(conditionSchema.parse(c) as Condition, f);

describe("conditions", () => {
  it("compares text ignoring case, with presence operators", () => {
    expect(holds({ field: "content", operator: "contains", value: "refund" })).toBe(true);
    expect(holds({ field: "content", operator: "not_contains", value: "Refund" })).toBe(false);
    expect(holds({ field: "subject", operator: "starts_with", value: "order" })).toBe(true);
    expect(holds({ field: "subject", operator: "equals", value: "order #42" })).toBe(true);
    expect(holds({ field: "contact.phone", operator: "is_empty" })).toBe(true);
    expect(holds({ field: "contact.name", operator: "is_present" })).toBe(true);
  });

  it("matches email domains including subdomains, and recipients", () => {
    expect(holds({ field: "contact.emailDomain", operator: "in", value: ["acme.com"] })).toBe(true);
    expect(holds({ field: "contact.emailDomain", operator: "in", value: ["@ACME.com"] })).toBe(true);
    expect(holds({ field: "contact.emailDomain", operator: "not_in", value: ["acme.com"] })).toBe(false);
    expect(holds({ field: "contact.emailDomain", operator: "in", value: ["cme.com"] })).toBe(false);
    expect(holds({ field: "recipient", operator: "in", value: ["Sales@shop.example"] })).toBe(true);
  });

  it("lists, presence and labels", () => {
    expect(holds({ field: "status", operator: "in", value: ["open", "pending"] })).toBe(true);
    expect(holds({ field: "channelType", operator: "not_in", value: ["email"] })).toBe(false);
    expect(holds({ field: "assigneeId", operator: "is_empty" })).toBe(true);
    expect(holds({ field: "teamId", operator: "in", value: ["00000000-0000-4000-8000-000000000001"] })).toBe(false);
    const l = (ids: string[]) => ({ ...facts, conversation: { ...conversation, labelIds: ids } });
    const a = "00000000-0000-4000-8000-00000000000a";
    const b = "00000000-0000-4000-8000-00000000000b";
    expect(holds({ field: "labelIds", operator: "includes_any", value: [a, b] }, l([b]))).toBe(true);
    expect(holds({ field: "labelIds", operator: "includes_all", value: [a, b] }, l([b]))).toBe(false);
    expect(holds({ field: "labelIds", operator: "excludes", value: [a] }, l([b]))).toBe(true);
  });

  it("counts minutes down, and a moment that never happened matches neither bound", () => {
    expect(holds({ field: "minutesSinceLastIncoming", operator: "gte", value: 30 })).toBe(true);
    expect(holds({ field: "minutesSinceLastIncoming", operator: "gte", value: 31 })).toBe(false);
    expect(holds({ field: "minutesSinceLastIncoming", operator: "lte", value: 30 })).toBe(true);
    expect(holds({ field: "minutesSinceCreated", operator: "gte", value: 90 })).toBe(true);
    expect(holds({ field: "minutesSinceLastOutgoing", operator: "gte", value: 0 })).toBe(false);
    expect(holds({ field: "minutesSinceLastOutgoing", operator: "lte", value: 100000 })).toBe(false);
  });

  it("reads business hours in the inbox's zone", () => {
    expect(holds({ field: "businessHours", operator: "is", value: "open" })).toBe(true);
    const evening = { ...facts, now: new Date("2026-03-02T17:30:00Z") };
    expect(holds({ field: "businessHours", operator: "is", value: "closed" }, evening)).toBe(true);
  });

  it("`changed` needs one of the listed fields; all/any; no conditions always match", () => {
    const updated = { ...facts, changed: ["status"] };
    expect(holds({ field: "changed", operator: "in", value: ["status", "priority"] }, updated)).toBe(true);
    expect(holds({ field: "changed", operator: "in", value: ["teamId"] }, updated)).toBe(false);
    const c = [conditionSchema.parse({ field: "content", operator: "contains", value: "nope" }), conditionSchema.parse({ field: "status", operator: "in", value: ["open"] })] as Condition[];
    expect(ruleMatches({ match: "all", conditions: c }, facts)).toBe(false);
    expect(ruleMatches({ match: "any", conditions: c }, facts)).toBe(true);
    expect(ruleMatches({ match: "all", conditions: [] }, facts)).toBe(true);
  });
});
