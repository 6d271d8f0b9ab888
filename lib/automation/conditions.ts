import type { AutoAssignment } from "@/lib/assignment/settings.schema";
import { isOpen, readBusinessHours } from "@/lib/inboxes/business-hours";
import type { Condition } from "./rule.schema";

/*
 * Evaluating a rule's conditions: pure, over the facts the engine gathered once for the
 * conversation (lib/automation/facts.ts). String comparisons ignore case.
 */

export type ConversationFacts = {
  id: string;
  number: number;
  inboxId: string;
  contactId: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  teamId: string | null;
  subject: string | null;
  createdAt: Date;
  lastIncomingAt: Date | null;
  lastOutgoingAt: Date | null;
  labelIds: string[];
  contact: { name: string | null; email: string | null; phone: string | null };
  inbox: { name: string; channelType: string; businessHours: unknown; autoAssignment?: AutoAssignment | null; deletedAt: Date | null };
};

export type Facts = {
  now: Date;
  conversation: ConversationFacts;
  /** The customer message that triggered the run (message events only). */
  messageId?: string;
  message?: { content: string; subject?: string | null; recipients?: string[] };
  /** conversation.updated: which fields the person or API changed. */
  changed?: string[];
};

const lower = (v: string | null | undefined) => (v ?? "").toLocaleLowerCase();

function compareText(actual: string | null | undefined, operator: string, value: unknown): boolean {
  const a = lower(actual);
  const v = lower(typeof value === "string" ? value : "");
  switch (operator) {
    case "contains":
      return a.includes(v);
    case "not_contains":
      return !a.includes(v);
    case "equals":
      return a === v;
    case "starts_with":
      return a.startsWith(v);
    case "is_present":
      return a.trim() !== "";
    case "is_empty":
      return a.trim() === "";
  }
  return false;
}

function compareIn(actual: string | null | undefined, operator: string, value: unknown): boolean {
  const list = (Array.isArray(value) ? value : []).map((v) => lower(String(v)));
  const hit = actual != null && list.includes(lower(actual));
  if (operator === "in") return hit;
  if (operator === "not_in") return !hit;
  if (operator === "is_present") return actual != null;
  if (operator === "is_empty") return actual == null;
  return false;
}

function compareMinutes(since: Date | null, now: Date, operator: string, value: unknown): boolean {
  if (!since || typeof value !== "number") return false; // never happened: neither "at least" nor "at most"
  const minutes = Math.floor((now.getTime() - since.getTime()) / 60_000);
  return operator === "gte" ? minutes >= value : minutes <= value;
}

const domainOf = (email: string | null) => (email && email.includes("@") ? email.slice(email.lastIndexOf("@") + 1) : null);

export function conditionHolds(c: Condition, f: Facts): boolean {
  const conv = f.conversation;
  switch (c.field) {
    case "content":
      return compareText(f.message?.content, c.operator, c.value);
    case "subject":
      return compareText(conv.subject ?? f.message?.subject, c.operator, c.value);
    case "contact.email":
      return compareText(conv.contact.email, c.operator, c.value);
    case "contact.name":
      return compareText(conv.contact.name, c.operator, c.value);
    case "contact.phone":
      return compareText(conv.contact.phone, c.operator, c.value);
    case "contact.emailDomain": {
      const domain = domainOf(conv.contact.email);
      const hit = domain !== null && (c.value as string[]).some((d) => lower(domain) === d || lower(domain).endsWith("." + d));
      return c.operator === "in" ? hit : !hit;
    }
    case "recipient": {
      const wanted = (c.value as string[]).map(lower);
      const hit = (f.message?.recipients ?? []).some((r) => wanted.includes(lower(r)));
      return c.operator === "in" ? hit : !hit;
    }
    case "inboxId":
      return compareIn(conv.inboxId, c.operator, c.value);
    case "channelType":
      return compareIn(conv.inbox.channelType, c.operator, c.value);
    case "status":
      return compareIn(conv.status, c.operator, c.value);
    case "priority":
      return compareIn(conv.priority, c.operator, c.value);
    case "assigneeId":
      return compareIn(conv.assigneeId, c.operator, c.value);
    case "teamId":
      return compareIn(conv.teamId, c.operator, c.value);
    case "labelIds": {
      const wanted = c.value as string[];
      const has = (id: string) => conv.labelIds.includes(id);
      if (c.operator === "includes_any") return wanted.some(has);
      if (c.operator === "includes_all") return wanted.every(has);
      return !wanted.some(has);
    }
    case "businessHours": {
      const open = isOpen(readBusinessHours(conv.inbox.businessHours), f.now);
      return c.value === (open ? "open" : "closed");
    }
    case "changed":
      // No list means the caller does not know what will change (a test run): the condition does not decide.
      return f.changed === undefined || (c.value as string[]).some((v) => f.changed!.includes(v));
    case "minutesSinceLastIncoming":
      return compareMinutes(conv.lastIncomingAt, f.now, c.operator, c.value);
    case "minutesSinceLastOutgoing":
      return compareMinutes(conv.lastOutgoingAt, f.now, c.operator, c.value);
    case "minutesSinceCreated":
      return compareMinutes(conv.createdAt, f.now, c.operator, c.value);
  }
  return false;
}

/** `match: "all"` needs every condition, `"any"` one of them; a rule without conditions always matches. */
export function ruleMatches(rule: { match: "all" | "any"; conditions: Condition[] }, f: Facts): boolean {
  if (rule.conditions.length === 0) return true;
  return rule.match === "any" ? rule.conditions.some((c) => conditionHolds(c, f)) : rule.conditions.every((c) => conditionHolds(c, f));
}
