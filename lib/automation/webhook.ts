import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { automationRules, contacts, conversations, messages, users } from "@/db/schema";
import { postCallback } from "@/lib/channels/api/client";
import { PermanentDeliveryError } from "@/lib/channels/types";
import { contactSummaryColumns } from "@/lib/contacts/columns";
import { serializeMessage } from "@/lib/conversations/messages";
import { serializeConversation } from "@/lib/conversations/serialize";
import { labelsOfConversations } from "@/lib/labels/of-conversations";
import { log } from "@/lib/log";
import type { JobPayloads, QUEUES } from "@/lib/jobs/queue";

/**
 * Job: a rule's send_webhook action. A signed POST `{event: "automation.rule_fired", id,
 * createdAt, data: {ruleId, conversation, message?}}` with the same scheme as api-channel
 * callbacks (lib/channels/api/signature.ts), keyed by the rule's own webhookSecret. The job's id is
 * the event id, the same on every retry, so a receiver can drop a repeat. The URL is fetched only
 * if it resolves to a public address (unless KONVERSIO_ALLOW_PRIVATE_URLS=1).
 */
export async function systemDeliverRuleWebhook(
  db: Db,
  data: JobPayloads[typeof QUEUES.automationWebhook],
  opts: { finalAttempt: boolean; eventId: string },
): Promise<void> {
  const [rule] = await db.select({ secret: automationRules.webhookSecret }).from(automationRules).where(eq(automationRules.id, data.ruleId));
  if (!rule) return; // the rule was deleted since it fired
  const [row] = await db
    .select({ conv: conversations, contact: contactSummaryColumns })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, data.conversationId));
  if (!row) return;
  const labels = await labelsOfConversations(db, [row.conv.id]);
  const [message] = data.messageId
    ? await db
        .select({ m: messages, userName: users.name, contactName: contacts.name })
        .from(messages)
        .leftJoin(users, eq(users.id, messages.senderUserId))
        .leftJoin(contacts, eq(contacts.id, messages.senderContactId))
        .where(eq(messages.id, data.messageId))
    : [];
  try {
    await postCallback(data.url, rule.secret, {
      event: "automation.rule_fired",
      id: opts.eventId,
      createdAt: data.firedAt,
      data: {
        ruleId: data.ruleId,
        conversation: serializeConversation(row.conv, row.contact, labels.get(row.conv.id) ?? []),
        ...(message ? { message: serializeMessage(message) } : {}),
      },
    });
  } catch (e) {
    if (e instanceof PermanentDeliveryError || opts.finalAttempt) {
      log.warn("automation", `webhook of rule ${data.ruleId} for ${data.conversationId} dropped`, e);
      // The run that fired it says so, which makes it the rule's lastError while it is the latest run.
      const reason = `Webhook to ${new URL(data.url).host} failed: ${e instanceof Error ? e.message.slice(0, 300) : "unknown error"}`;
      await db.execute(sql`
        update automation_runs set
          error = case when error is null then ${reason} else error || '; ' || ${reason} end,
          actions = (select coalesce(jsonb_agg(case when a->>'type' = 'send_webhook' and a->>'outcome' = 'done'
                       then a || jsonb_build_object('outcome', 'failed', 'detail', ${reason}::text) else a end), '[]'::jsonb)
                     from jsonb_array_elements(actions) a)
        where id = ${data.runId}`);
      return;
    }
    throw e;
  }
}
