import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversationLabels, labels } from "@/db/schema";
import type { ConversationLabel } from "@/lib/conversations/serialize";

/**
 * The labels of a page of conversations in one query, each list ordered by name. Callers have
 * already passed the ids through the access module (they come from a visible-conversation query).
 */
export async function labelsOfConversations(db: DbOrTx, conversationIds: string[]): Promise<Map<string, ConversationLabel[]>> {
  const out = new Map<string, ConversationLabel[]>();
  if (conversationIds.length === 0) return out;
  const rows = await db
    .select({ conversationId: conversationLabels.conversationId, id: labels.id, name: labels.name, color: labels.color })
    .from(conversationLabels)
    .innerJoin(labels, eq(labels.id, conversationLabels.labelId))
    .where(inArray(conversationLabels.conversationId, conversationIds))
    .orderBy(asc(sql`lower(${labels.name})`), asc(labels.id));
  for (const { conversationId, ...label } of rows) {
    const list = out.get(conversationId);
    if (list) list.push(label);
    else out.set(conversationId, [label]);
  }
  return out;
}
