"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { teamInput, teamMembersInput, teamPatch } from "@/lib/teams/team.schema";
import { createTeam, deleteTeam, setTeamMembers, updateTeam } from "@/lib/teams/teams";

const teamId = z.uuid("Unknown team");

function revalidateTeam(id?: string) {
  revalidatePath("/settings/teams");
  if (id) revalidatePath(`/settings/teams/${id}`);
  // Team names and member counts also show on inbox collaborator pickers.
  revalidatePath("/settings/inboxes", "layout");
}

export const createTeamAction = action(
  teamInput,
  async (data, { actor, db }) => {
    const team = await createTeam(db, actor, data);
    revalidateTeam();
    return { id: team.id };
  },
  { admin: true },
);

export const updateTeamAction = action(
  teamPatch.extend({ id: teamId }),
  async ({ id, ...patch }, { actor, db }) => {
    await updateTeam(db, actor, id, patch);
    revalidateTeam(id);
  },
  { admin: true },
);

export const setTeamMembersAction = action(
  teamMembersInput.extend({ id: teamId }),
  async ({ id, agentIds }, { actor, db }) => {
    await setTeamMembers(db, actor, id, { agentIds });
    revalidateTeam(id);
  },
  { admin: true },
);

export const deleteTeamAction = action(
  z.object({ id: teamId }),
  async ({ id }, { actor, db }) => {
    await deleteTeam(db, actor, id);
    revalidateTeam();
  },
  { admin: true },
);
