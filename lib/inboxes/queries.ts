import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { canSeeInbox, visibleInboxFilter } from "@/lib/access/visibility";
import { notFound } from "@/lib/errors";
import { serializeInbox } from "./serialize";
import { isUuid } from "@/lib/ids";

// Plain SQL on purpose: Drizzle leaves columns in a single-table select list unqualified, which
// would let `id` inside these subqueries bind to the wrong table.
const agentNames = sql<string[]>`coalesce((select array_agg(u.name order by lower(u.name)) from inbox_members m join users u on u.id = m.user_id where m.inbox_id = inboxes.id), '{}')`;
const teamNames = sql<string[]>`coalesce((select array_agg(t.name order by lower(t.name)) from inbox_teams it join teams t on t.id = it.team_id where it.inbox_id = inboxes.id), '{}')`;

/** Inboxes the actor can see (admins: every live inbox), with their collaborators' names and counts. */
export async function listInboxes(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({ inbox: inboxes, agentNames, teamNames })
    .from(inboxes)
    .where(visibleInboxFilter(actor))
    .orderBy(asc(sql`lower(${inboxes.name})`));
  return rows.map((r) => ({
    ...serializeInbox(r.inbox, { admin: isAdmin(actor) }),
    agentCount: r.agentNames.length,
    teamCount: r.teamNames.length,
    agents: r.agentNames,
    teams: r.teamNames,
  }));
}

/** Deleted inboxes, for the administrators' "Deleted inboxes" filter. */
export async function listDeletedInboxes(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) return [];
  const rows = await db.select().from(inboxes).where(isNotNull(inboxes.deletedAt)).orderBy(asc(inboxes.name));
  return rows.map((r) => serializeInbox(r, { admin: true }));
}

/** One inbox: administrators may read deleted ones (status "deleted"); others only inboxes they work in. */
export async function getInbox(db: DbOrTx, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound("Inbox not found");
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
