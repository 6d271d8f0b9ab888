import { describe, expect, it } from "vitest";
import { setupTestDb } from "@/e2e/support/db";
import { getTeamMembers, setTeamMembers } from "@/lib/teams/teams";
import { getInboxAgents, getInboxTeams, setInboxAgents, setInboxTeams } from "./members";

/*
 * Replacing an inbox's agents or teams, or a team's members, is delete-then-insert. Two saves at
 * once (two administrators, a retried request) both deleted the old rows and then both inserted:
 * the second insert hit the primary key and the API answered 500 (found by e2e/fuzz.spec.ts).
 */
const t = setupTestDb();

describe("concurrent replacement of collaborators", () => {
  it("four simultaneous saves of the same list all succeed and leave that list", async () => {
    const admin = await t.admin();
    const agent = await t.makeAgent();
    const team = await t.makeTeam();
    const inbox = await t.makeApiInbox();
    const four = <T>(f: () => Promise<T>) => Promise.all([f(), f(), f(), f()]);
    for (let round = 0; round < 3; round++) {
      await setInboxAgents(t.db, admin, inbox.id, { agentIds: [] });
      await four(() => setInboxAgents(t.db, admin, inbox.id, { agentIds: [agent.id] }));
      expect((await getInboxAgents(t.db, admin, inbox.id)).map((u) => u.id)).toEqual([agent.id]);

      await setInboxTeams(t.db, admin, inbox.id, { teamIds: [] });
      await four(() => setInboxTeams(t.db, admin, inbox.id, { teamIds: [team.id] }));
      expect((await getInboxTeams(t.db, admin, inbox.id)).map((x) => x.id)).toEqual([team.id]);

      await setTeamMembers(t.db, admin, team.id, { agentIds: [] });
      await four(() => setTeamMembers(t.db, admin, team.id, { agentIds: [agent.id] }));
      expect((await getTeamMembers(t.db, team.id)).map((u) => u.id)).toEqual([agent.id]);
    }
  });
});
