import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Keeps DESIGN §2.4 true after a membership change: nobody stays assignee of a conversation they
 * can no longer see, and a conversation only carries a team assigned to its inbox.
 * `inboxIds` is an SQL subquery (or list) of the inboxes whose membership changed.
 */
export async function reconcileAssignments(tx: DbOrTx, inboxIds: SQL): Promise<void> {
  await tx.execute(sql`
    update conversations c set assignee_id = null
    where c.inbox_id in ${inboxIds} and c.assignee_id is not null
      and not exists (select 1 from users u where u.id = c.assignee_id and u.role = 'administrator' and u.active)
      and c.assignee_id not in (
        select m.user_id from inbox_members m join users u on u.id = m.user_id where m.inbox_id = c.inbox_id and u.active
        union
        select tm.user_id from inbox_teams it join team_members tm on tm.team_id = it.team_id join users u on u.id = tm.user_id
          where it.inbox_id = c.inbox_id and u.active)`);
  await tx.execute(sql`
    update conversations c set team_id = null
    where c.inbox_id in ${inboxIds} and c.team_id is not null
      and c.team_id not in (select team_id from inbox_teams where inbox_id = c.inbox_id)`);
}

export const inboxesOfTeam = (teamId: string) => sql`(select inbox_id from inbox_teams where team_id = ${teamId})`;
export const inboxesOfUser = (userId: string) =>
  sql`(select inbox_id from inbox_members where user_id = ${userId}
       union select it.inbox_id from inbox_teams it join team_members tm on tm.team_id = it.team_id where tm.user_id = ${userId}
       union select c.inbox_id from conversations c where c.assignee_id = ${userId})`;
export const singleInbox = (inboxId: string) => sql`(${inboxId}::uuid)`;
