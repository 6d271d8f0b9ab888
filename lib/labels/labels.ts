import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { conversationLabels, conversations, labels } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireAdmin } from "@/lib/access/policy";
import { conversationListScope, visibleConversationFilter } from "@/lib/access/visibility";
import { recordAudit } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { labelInput, labelPatch } from "./label.schema";

const MANAGE = "manage labels";
const NAME_INDEX = "labels_name_lower_idx";
export const labelColumns = { id: labels.id, name: labels.name, color: labels.color, description: labels.description };
const duplicate = () => new AppError("conflict", "A label with this name already exists", { name: ["Already in use"] });

/**
 * Every label, with how many conversations the actor can see carry it (`conversationCount`, what
 * the delete dialog warns about) and how many of those are open in live inboxes (`openCount`,
 * the sidebar's figure). Counting only visible conversations keeps the access rule whole: an
 * agent learns nothing about inboxes they do not work in.
 */
export async function listLabels(db: DbOrTx, actor: Actor) {
  const openScope = await conversationListScope(db, actor);
  return db
    .select({
      ...labelColumns,
      conversationCount: sql<number>`count(${conversations.id})::int`,
      openCount: sql<number>`(count(${conversations.id}) filter (where ${conversations.status} = 'open' and ${openScope}))::int`,
    })
    .from(labels)
    .leftJoin(conversationLabels, eq(conversationLabels.labelId, labels.id))
    .leftJoin(conversations, sql`${conversations.id} = ${conversationLabels.conversationId} and ${visibleConversationFilter(actor)}`)
    .groupBy(labels.id)
    .orderBy(asc(sql`lower(${labels.name})`));
}

export async function getLabel(db: DbOrTx, id: string) {
  if (!isUuid(id)) throw notFound("Label not found");
  const [l] = await db.select(labelColumns).from(labels).where(eq(labels.id, id));
  if (!l) throw notFound("Label not found");
  return l;
}

async function withConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e, NAME_INDEX)) throw duplicate();
    throw e;
  }
}

// Labels are workspace configuration: audited under the workspace with the label's id as target.
const audit = (tx: DbOrTx, actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
  recordAudit(tx, { actorId: actor.id, action, targetType: "workspace", targetId: id, details: { labelId: id, ...details } });

export async function createLabel(db: Db, actor: Actor, input: unknown) {
  requireAdmin(actor, MANAGE);
  const data = parseInput(labelInput, input);
  const label = await withConflict(() =>
    db.transaction(async (tx) => {
      const [l] = await tx.insert(labels).values(data).returning(labelColumns);
      await audit(tx, actor, "label.created", l!.id, { name: l!.name, color: l!.color });
      return l!;
    }),
  );
  await publish(db, { type: "labels.changed" });
  return label;
}

export async function updateLabel(db: Db, actor: Actor, id: string, input: unknown) {
  requireAdmin(actor, MANAGE);
  const data = parseInput(labelPatch, input);
  const before = await getLabel(db, id);
  const fields = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== undefined && data[k] !== before[k]);
  if (fields.length === 0) return before;
  const label = await withConflict(() =>
    db.transaction(async (tx) => {
      const [l] = await tx.update(labels).set(data).where(eq(labels.id, id)).returning(labelColumns);
      if (!l) throw notFound("Label not found"); // deleted meanwhile
      await audit(tx, actor, "label.updated", id, { fields, ...(fields.includes("name") ? { from: before.name, to: l.name } : {}) });
      return l;
    }),
  );
  // Conversations hold the id, so every list row and thread shows the new name once refetched.
  await publish(db, { type: "labels.changed" });
  return label;
}

/** The label leaves every conversation that carried it (foreign key cascade), in one statement. */
export async function deleteLabel(db: Db, actor: Actor, id: string) {
  requireAdmin(actor, MANAGE);
  const label = await getLabel(db, id);
  await db.transaction(async (tx) => {
    const [{ n }] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from conversation_labels where label_id = ${id}`)).rows as [{ n: number }];
    await tx.delete(labels).where(eq(labels.id, id));
    await audit(tx, actor, "label.deleted", id, { name: label.name, conversations: n });
  });
  await publish(db, { type: "labels.changed" });
}
