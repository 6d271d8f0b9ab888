import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { automationRuns, conversations } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { getRule } from "./rules";

/** A rule's last 100 runs, newest first: what each action did, or why it did not. */
export async function listRuns(db: DbOrTx, actor: Actor, ruleId: string) {
  await getRule(db, actor, ruleId); // admins only; 404 for an unknown rule
  return db
    .select({
      id: automationRuns.id,
      conversationId: automationRuns.conversationId,
      number: conversations.number,
      event: automationRuns.event,
      at: automationRuns.at,
      actions: automationRuns.actions,
      error: automationRuns.error,
    })
    .from(automationRuns)
    .innerJoin(conversations, eq(conversations.id, automationRuns.conversationId))
    .where(eq(automationRuns.ruleId, ruleId))
    .orderBy(desc(automationRuns.at), desc(automationRuns.id))
    .limit(100);
}
