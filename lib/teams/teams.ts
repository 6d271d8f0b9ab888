import "server-only";
import { userSummaryColumns } from "@/lib/users/columns";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { teamMembers, teams, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { requireAdmin } from "@/lib/access/policy";
import { inboxesOfTeam, systemReconcileAssignments } from "@/lib/access/reconcile";
import { recordAudit } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound, unprocessable } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { teamInput, teamMembersInput, teamPatch } from "./team.schema";
import { isUuid } from "@/lib/ids";

const MANAGE = "manage teams";
const cols = { id: teams.id, name: teams.name, description: teams.description };
// Written out qualified: Drizzle does not qualify columns in a single-table select list.
const memberCount = sql<number>`(select count(*)::int from team_members tm where tm.team_id = teams.id)`;
const duplicate = () => new AppError("conflict", "A team with this name already exists", { name: ["Already in use"] });

export async function listTeams(db: DbOrTx) {
  return db.select({ ...cols, memberCount }).from(teams).orderBy(asc(sql`lower(${teams.name})`));
}

export async function getTeam(db: DbOrTx, id: string) {
  if (!isUuid(id)) throw notFound("Team not found");
  const [t] = await db.select(cols).from(teams).where(eq(teams.id, id));
  if (!t) throw notFound("Team not found");
  return t;
}

export async function createTeam(db: Db, actor: Actor, input: unknown) {
  requireAdmin(actor, MANAGE);
  const data = parseInput(teamInput, input);
  try {
    return await db.transaction(async (tx) => {
      const [t] = await tx.insert(teams).values(data).returning(cols);
      await recordAudit(tx, { actorId: actor.id, action: "team.created", targetType: "team", targetId: t!.id, details: { name: data.name } });
      return t!;
    });
  } catch (e) {
    if (isUniqueViolation(e, "teams_name_lower_idx")) throw duplicate();
    throw e;
  }
}

export async function updateTeam(db: Db, actor: Actor, id: string, input: unknown) {
  requireAdmin(actor, MANAGE);
  const data = parseInput(teamPatch, input);
  await getTeam(db, id);
  try {
    const [t] = await db.update(teams).set(data).where(eq(teams.id, id)).returning(cols);
    return t!;
  } catch (e) {
    if (isUniqueViolation(e, "teams_name_lower_idx")) throw duplicate();
    throw e;
  }
}

/** Deleting a team removes it from inboxes (members lose access through it) and clears it from conversations. */
export async function deleteTeam(db: Db, actor: Actor, id: string) {
  requireAdmin(actor, MANAGE);
  const team = await getTeam(db, id);
  await db.transaction(async (tx) => {
    const affected = (await tx.execute<{ inbox_id: string }>(sql`select inbox_id from inbox_teams where team_id = ${id}`)).rows.map((r) => r.inbox_id);
    await tx.delete(teams).where(eq(teams.id, id));
    if (affected.length) await systemReconcileAssignments(tx, sql`(${sql.join(affected.map((a) => sql`${a}::uuid`), sql`, `)})`);
    await recordAudit(tx, { actorId: actor.id, action: "team.deleted", targetType: "team", targetId: id, details: { name: team.name } });
  });
  await publish(db, { type: "access.changed" });
}

export async function getTeamMembers(db: DbOrTx, id: string) {
  await getTeam(db, id);
  return db
    .select(userSummaryColumns)
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, id))
    .orderBy(asc(users.name));
}

export async function setTeamMembers(db: Db, actor: Actor, id: string, input: unknown) {
  requireAdmin(actor, MANAGE);
  const { agentIds } = parseInput(teamMembersInput, input);
  const ids = [...new Set(agentIds)];
  await getTeam(db, id);
  await db.transaction(async (tx) => {
    // Delete-then-insert: without the team row locked, two saves at once both insert and the
    // second hits the primary key; locked, they take turns (the last one wins).
    await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).for("update");
    if (ids.length) {
      const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids));
      if (found.length !== ids.length) throw unprocessable("Some of these agents do not exist", { agentIds: ["Unknown agent id"] });
    }
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, id));
    if (ids.length) await tx.insert(teamMembers).values(ids.map((userId) => ({ teamId: id, userId })));
    // Members who left may have lost sight of conversations assigned to them through this team.
    await systemReconcileAssignments(tx, inboxesOfTeam(id));
    await recordAudit(tx, { actorId: actor.id, action: "team.members_changed", targetType: "team", targetId: id, details: { agentIds: ids } });
  });
  await publish(db, { type: "access.changed" });
  return getTeamMembers(db, id);
}
