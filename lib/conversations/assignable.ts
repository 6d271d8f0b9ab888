import "server-only";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inboxes, inboxTeams, teams, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { inboxAgentIds, requireVisibleConversation, visibleInboxFilter } from "@/lib/access/visibility";
import { presenceSql, type Presence } from "@/lib/assignment/presence";

/** `presence` as the menu first shows it; the workspace keeps it live from GET /presence. */
export type AssignableAgent = { id: string; name: string; email: string; role: "administrator" | "agent"; presence: Presence };
export type AssignableTeam = { id: string; name: string };

/**
 * Who may be put on a conversation (docs/architecture.md §2.3): assignees are the people who can see it
 * (the inbox's agents plus every active administrator), teams are those assigned to its inbox.
 * A deleted inbox's conversations are read-only, so nothing is assignable there.
 */
export async function assignmentOptions(
  db: DbOrTx,
  actor: Actor,
  ref: string | number,
): Promise<{ agents: AssignableAgent[]; teams: AssignableTeam[] }> {
  const conv = await requireVisibleConversation(db, actor, ref);
  if (conv.inboxDeletedAt) return { agents: [], teams: [] };
  const agentIds = await inboxAgentIds(db, conv.inboxId);
  const [agents, inboxTeamRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role, presence: presenceSql() })
      .from(users)
      .where(
        and(
          eq(users.active, true),
          agentIds.length ? or(eq(users.role, "administrator"), inArray(users.id, agentIds)) : eq(users.role, "administrator"),
        ),
      )
      .orderBy(asc(sql`lower(${users.name})`)),
    db
      .select({ id: teams.id, name: teams.name })
      .from(inboxTeams)
      .innerJoin(teams, eq(teams.id, inboxTeams.teamId))
      .where(eq(inboxTeams.inboxId, conv.inboxId))
      .orderBy(asc(sql`lower(${teams.name})`)),
  ]);
  return { agents, teams: inboxTeamRows };
}

/**
 * Teams worth offering as a list filter: administrators get every team, agents the teams
 * assigned to inboxes they work in (a conversation's team is always one of its inbox's teams).
 */
export async function filterableTeams(db: DbOrTx, actor: Actor): Promise<AssignableTeam[]> {
  if (isAdmin(actor)) {
    return db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(sql`lower(${teams.name})`));
  }
  return db
    .selectDistinct({ id: teams.id, name: teams.name, lower: sql<string>`lower(${teams.name})` })
    .from(teams)
    .innerJoin(inboxTeams, eq(inboxTeams.teamId, teams.id))
    .innerJoin(inboxes, eq(inboxes.id, inboxTeams.inboxId))
    .where(visibleInboxFilter(actor))
    .orderBy(sql`lower(${teams.name})`)
    .then((rows) => rows.map(({ id, name }) => ({ id, name })));
}
