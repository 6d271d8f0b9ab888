import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inboxAgentsSubquery } from "./visibility";

/**
 * Keeps the visibility rule true after a membership change (docs/architecture.md): nobody stays
 * assignee of a conversation they can no longer see, and a conversation only carries a team
 * assigned to its inbox. `inboxIds` is an SQL subquery (or list) of the inboxes whose membership
 * changed. Unfiltered by design (`system`): callers are administrators' changes, already checked.
 */
export async function systemReconcileAssignments(tx: DbOrTx, inboxIds: SQL): Promise<void> {
  await tx.execute(sql`
    update conversations c set assignee_id = null
    where c.inbox_id in ${inboxIds} and c.assignee_id is not null
      and not exists (select 1 from users u where u.id = c.assignee_id and u.role = 'administrator' and u.active)
      and c.assignee_id not in ${inboxAgentsSubquery("user_id", { inboxId: sql`c.inbox_id`, activeOnly: true })}`);
  await tx.execute(sql`
    update conversations c set team_id = null
    where c.inbox_id in ${inboxIds} and c.team_id is not null
      and c.team_id not in (select team_id from inbox_teams where inbox_id = c.inbox_id)`);
}

export const inboxesOfTeam = (teamId: string) => sql`(select inbox_id from inbox_teams where team_id = ${teamId})`;
/** The inboxes where a user's access or assignments may change: those they are an agent of, and those they are assigned in. */
export const inboxesOfUser = (userId: string) =>
  sql`(${inboxAgentsSubquery("inbox_id", { userId })}
       union select c.inbox_id from conversations c where c.assignee_id = ${userId})`;
export const singleInbox = (inboxId: string) => sql`(${inboxId}::uuid)`;
