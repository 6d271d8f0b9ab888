import { z } from "zod";

export const teamInput = z.object({
  name: z.string().trim().min(1, "Give the team a name").max(80, "Keep the name under 80 characters"),
  description: z.string().trim().max(500, "Keep the description under 500 characters").default(""),
});
export const teamPatch = teamInput.partial();
export const teamMembersInput = z.object({ agentIds: z.array(z.uuid("Each agent id must be an id")).max(1000) });
