import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inboxes, inboxMembers, inboxTeams } from "@/db/schema";
import { isAdmin, type Actor } from "@/lib/access/actor";
import { canSeeInbox, visibleInboxFilter } from "@/lib/access/visibility";
import { notFound } from "@/lib/errors";
import { serializeInbox } from "./serialize";

const agentCount = sql<number>`(select count(*)::int from ${inboxMembers} where ${inboxMembers.inboxId} = ${inboxes.id})`;
const teamCount = sql<number>`(select count(*)::int from ${inboxTeams} where ${inboxTeams.inboxId} = ${inboxes.id})`;

/** Inboxes the actor can see (admins: every live inbox), with collaborator counts. */
export async function listInboxes(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({ inbox: inboxes, agentCount, teamCount })
    .from(inboxes)
    .where(visibleInboxFilter(actor))
    .orderBy(asc(sql`lower(${inboxes.name})`));
  return rows.map((r) => ({ ...serializeInbox(r.inbox, { admin: isAdmin(actor) }), agentCount: r.agentCount, teamCount: r.teamCount }));
}

/** Deleted inboxes, for the administrators' "Deleted inboxes" filter. */
export async function listDeletedInboxes(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) return [];
  const rows = await db.select().from(inboxes).where(isNotNull(inboxes.deletedAt)).orderBy(asc(inboxes.name));
  return rows.map((r) => serializeInbox(r, { admin: true }));
}

/** One inbox: administrators may read deleted ones (status "deleted"); others only inboxes they work in. */
export async function getInbox(db: DbOrTx, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("Inbox not found");
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, id));
  if (!row) throw notFound("Inbox not found");
  if (!isAdmin(actor) && !(await canSeeInbox(db, actor, id))) throw notFound("Inbox not found");
  return serializeInbox(row, { admin: isAdmin(actor) });
}

/** For webhooks: the inbox behind a public id, deleted or not (the caller maps deleted to 410). */
export async function findInboxByPublicId(db: DbOrTx, channelType: string, publicId: string) {
  if (publicId.length > 64) return null;
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.publicId, publicId), eq(inboxes.channelType, channelType)));
  return row ?? null;
}
