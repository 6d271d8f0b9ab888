"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { createAgent, deactivateAgent, updateAgent } from "@/lib/users/agents";
import { agentCapacity } from "@/lib/assignment/settings.schema";
import { createAgentSchema, password, role } from "@/lib/users/user.schema";

const userId = z.uuid("Unknown agent");
const done = () => revalidatePath("/settings/agents");

export const createAgentAction = action(
  createAgentSchema,
  async (data, { actor, db }) => {
    const agent = await createAgent(db, actor, data);
    done();
    return { id: agent.id, name: agent.name };
  },
  { admin: true },
);

export const changeRoleAction = action(
  z.object({ id: userId, role }),
  async ({ id, role }, { actor, db }) => {
    await updateAgent(db, actor, id, { role });
    done();
  },
  { admin: true },
);

export const deactivateAgentAction = action(
  z.object({ id: userId }),
  async ({ id }, { actor, db }) => {
    await deactivateAgent(db, actor, id);
    done();
  },
  { admin: true },
);

export const reactivateAgentAction = action(
  z.object({ id: userId }),
  async ({ id }, { actor, db }) => {
    await updateAgent(db, actor, id, { active: true });
    done();
  },
  { admin: true },
);

export const resetPasswordAction = action(
  z.object({ id: userId, password }),
  async ({ id, password }, { actor, db }) => {
    await updateAgent(db, actor, id, { password });
    done();
  },
  { admin: true },
);

/** The agent's cap on open assigned conversations across all inboxes; null removes it. */
export const setCapacityAction = action(
  z.object({ id: userId, capacity: agentCapacity }),
  async ({ id, capacity }, { actor, db }) => {
    const agent = await updateAgent(db, actor, id, { capacity });
    done();
    return { capacity: agent.capacity };
  },
  { admin: true },
);
