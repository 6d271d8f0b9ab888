import "server-only";
import { userSummaryColumns } from "@/lib/users/columns";
import { eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { inboxes, inboxMembers, inboxTeams, teams, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { systemReconcileAssignments, singleInbox } from "@/lib/access/reconcile";
import { recordAudit } from "@/lib/audit/record";
import { gone, notFound, unprocessable } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { requireAdmin } from "@/lib/access/policy";
import { agentIdsSchema, teamIdsSchema } from "./inbox.schema";
import { isUuid } from "@/lib/ids";

async function requireLiveInbox(db: DbOrTx, inboxId: string) {
  const [row] = isUuid(inboxId) ? await db.select({ deletedAt: inboxes.deletedAt }).from(inboxes).where(eq(inboxes.id, inboxId)) : [];
  if (!row) throw notFound("Inbox not found");
  if (row.deletedAt) throw gone("This inbox has been deleted");
}

function diff(before: string[], after: string[]) {
  return { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };
}

export async function replaceInboxAgents(tx: DbOrTx, actor: Actor, inboxId: string, agentIds: string[]) {
  const ids = [...new Set(agentIds)];
  if (ids.length) {
    const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids));
    if (found.length !== ids.length) throw unprocessable("Some of these agents do not exist", { agentIds: ["Unknown agent id"] });
  }
  const before = (await tx.select({ id: inboxMembers.userId }).from(inboxMembers).where(eq(inboxMembers.inboxId, inboxId))).map((r) => r.id);
  await tx.delete(inboxMembers).where(eq(inboxMembers.inboxId, inboxId));
  if (ids.length) await tx.insert(inboxMembers).values(ids.map((userId) => ({ inboxId, userId })));
  await systemReconcileAssignments(tx, singleInbox(inboxId));
  const change = diff(before, ids);
  if (change.added.length || change.removed.length) {
    await recordAudit(tx, { actorId: actor.id, action: "inbox.agents_changed", targetType: "inbox", targetId: inboxId, inboxId, details: change });
  }
}

export async function replaceInboxTeams(tx: DbOrTx, actor: Actor, inboxId: string, teamIds: string[]) {
  const ids = [...new Set(teamIds)];
  if (ids.length) {
    const found = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, ids));
    if (found.length !== ids.length) throw unprocessable("Some of these teams do not exist", { teamIds: ["Unknown team id"] });
  }
  const before = (await tx.select({ id: inboxTeams.teamId }).from(inboxTeams).where(eq(inboxTeams.inboxId, inboxId))).map((r) => r.id);
  await tx.delete(inboxTeams).where(eq(inboxTeams.inboxId, inboxId));
  if (ids.length) await tx.insert(inboxTeams).values(ids.map((teamId) => ({ inboxId, teamId })));
  await systemReconcileAssignments(tx, singleInbox(inboxId));
  const change = diff(before, ids);
  if (change.added.length || change.removed.length) {
    await recordAudit(tx, { actorId: actor.id, action: "inbox.teams_changed", targetType: "inbox", targetId: inboxId, inboxId, details: change });
  }
}

/** Replaces the given sides of an inbox's collaborators in one transaction, then tells every stream. */
async function changeCollaborators(db: Db, actor: Actor, inboxId: string, change: { agentIds?: string[]; teamIds?: string[] }) {
  await db.transaction(async (tx) => {
    await requireLiveInbox(tx, inboxId);
    // Replacing is delete-then-insert: two saves at once would both insert and the second would
    // hit the primary key. Locking the inbox row makes them take turns (the last one wins).
    await tx.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.id, inboxId)).for("update");
    if (change.agentIds) await replaceInboxAgents(tx, actor, inboxId, change.agentIds);
    if (change.teamIds) await replaceInboxTeams(tx, actor, inboxId, change.teamIds);
  });
  await publish(db, { type: "access.changed" }, { type: "inbox.updated", inboxId });
}

export async function setInboxAgents(db: Db, actor: Actor, inboxId: string, input: unknown) {
  requireAdmin(actor, "manage inboxes");
  await changeCollaborators(db, actor, inboxId, parseInput(agentIdsSchema, input));
  return getInboxAgents(db, actor, inboxId);
}

export async function setInboxTeams(db: Db, actor: Actor, inboxId: string, input: unknown) {
  requireAdmin(actor, "manage inboxes");
  await changeCollaborators(db, actor, inboxId, parseInput(teamIdsSchema, input));
  return getInboxTeams(db, actor, inboxId);
}

/** Sets an inbox's agents and teams in one transaction (the Collaborators form saves both at once). */
export async function setInboxCollaborators(db: Db, actor: Actor, inboxId: string, input: unknown) {
  requireAdmin(actor, "manage inboxes");
  const { agentIds } = parseInput(agentIdsSchema, input);
  const { teamIds } = parseInput(teamIdsSchema, input);
  await changeCollaborators(db, actor, inboxId, { agentIds, teamIds });
}

export async function getInboxAgents(db: DbOrTx, actor: Actor, inboxId: string) {
  requireAdmin(actor, "manage inboxes");
  await requireLiveInbox(db, inboxId);
  return db
    .select(userSummaryColumns)
    .from(inboxMembers)
    .innerJoin(users, eq(users.id, inboxMembers.userId))
    .where(eq(inboxMembers.inboxId, inboxId))
    .orderBy(users.name);
}

export async function getInboxTeams(db: DbOrTx, actor: Actor, inboxId: string) {
  requireAdmin(actor, "manage inboxes");
  await requireLiveInbox(db, inboxId);
  return db
    .select({ id: teams.id, name: teams.name, description: teams.description })
    .from(inboxTeams)
    .innerJoin(teams, eq(teams.id, inboxTeams.teamId))
    .where(eq(inboxTeams.inboxId, inboxId))
    .orderBy(teams.name);
}
