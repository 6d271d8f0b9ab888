import "server-only";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, inboxes, messages } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireAdmin } from "@/lib/access/policy";
import { visibleConversationFilter } from "@/lib/access/visibility";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ruleMatches, type Facts } from "./conditions";
import { systemConversationFacts } from "./facts";
import { ruleInput, ruleTestInput } from "./rule.schema";
import { checkRuleTargets } from "./targets";

/**
 * "Which of the last 50 conversations would this match?" The conditions of an unsaved rule,
 * evaluated against the most recent conversations in its scope, changing nothing. Message events
 * take each conversation's latest customer message as the triggering one; what a
 * `conversation.updated` rule's `changed` condition asks cannot be known afterwards, so it does
 * not decide here.
 */
export async function testRule(db: DbOrTx, actor: Actor, input: unknown) {
  requireAdmin(actor, "test automation rules");
  const { rule: raw, limit } = parseInput(ruleTestInput, input);
  const rule = parseInput(ruleInput, raw, "rule.");
  await checkRuleTargets(db, rule).catch((e) => {
    // The same field names as the body: the rule sits under "rule".
    if (!(e instanceof AppError) || !e.fieldErrors) throw e;
    throw new AppError(e.code, e.message, Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [`rule.${k}`, v])));
  });

  const recent = await db
    .select({ id: conversations.id, preview: conversations.lastMessagePreview })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(isNull(inboxes.deletedAt), visibleConversationFilter(actor), rule.inboxIds.length ? inArray(conversations.inboxId, rule.inboxIds) : undefined))
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(limit);
  const ids = recent.map((r) => r.id);
  const facts = await systemConversationFacts(db, ids);
  const lastIncoming = ids.length
    ? await db
        .selectDistinctOn([messages.conversationId], { conversationId: messages.conversationId, content: messages.content })
        .from(messages)
        .where(and(inArray(messages.conversationId, ids), eq(messages.kind, "incoming")))
        .orderBy(messages.conversationId, desc(messages.createdAt))
    : [];
  const contentOf = new Map(lastIncoming.map((m) => [m.conversationId, m.content]));
  const now = new Date();
  const usesMessage = rule.event === "message.received" || rule.event === "conversation.created";

  const matches = [];
  for (const r of recent) {
    const conv = facts.get(r.id);
    if (!conv) continue;
    const f: Facts = { now, conversation: conv, ...(usesMessage ? { message: { content: contentOf.get(r.id) ?? "" } } : {}) };
    if (!ruleMatches(rule, f)) continue;
    matches.push({
      conversationId: conv.id,
      number: conv.number,
      contactName: conv.contact.name ?? conv.contact.email ?? conv.contact.phone,
      subject: conv.subject,
      preview: r.preview,
      inboxName: conv.inbox.name,
    });
  }
  return { checked: recent.length, matches };
}
