"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { action } from "@/lib/http/action";
import { createInbox } from "@/lib/inboxes/create";
import { deleteInbox } from "@/lib/inboxes/delete";
import { agentIdsSchema, createInboxSchema, teamIdsSchema, updateInboxSchema } from "@/lib/inboxes/inbox.schema";
import { setInboxCollaborators } from "@/lib/inboxes/members";
import { getInbox } from "@/lib/inboxes/queries";
import { regenerateInboxValue, updateInbox } from "@/lib/inboxes/update";

const inboxId = z.uuid("Unknown inbox");

/** The provider's refusal belongs under the channel fields, so it travels as the "channel" field error. */
async function providerErrorUnderChannel<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError && e.code === "credentials_rejected") throw new AppError(e.code, e.message, { channel: [e.message] });
    throw e;
  }
}

function revalidateInbox(id: string) {
  revalidatePath("/settings/inboxes");
  revalidatePath(`/settings/inboxes/${id}`, "layout");
}

export const createInboxAction = action(
  createInboxSchema,
  async (data, { actor, db }) => {
    const inbox = await providerErrorUnderChannel(() => createInbox(db, actor, data));
    revalidatePath("/settings/inboxes");
    return { id: inbox.id };
  },
  { admin: true },
);

export const updateInboxAction = action(
  updateInboxSchema.extend({ id: inboxId }),
  async ({ id, ...patch }, { actor, db }) => {
    await providerErrorUnderChannel(() => updateInbox(db, actor, id, patch));
    revalidateInbox(id);
  },
  { admin: true },
);

export const regenerateInboxValueAction = action(
  z.object({ id: inboxId, name: z.string().min(1).max(64) }),
  async ({ id, name }, { actor, db }) => {
    const inbox = await regenerateInboxValue(db, actor, id, name);
    revalidateInbox(id);
    return { value: String(inbox[name] ?? "") };
  },
  { admin: true },
);

export const setInboxCollaboratorsAction = action(
  z.object({ id: inboxId, ...agentIdsSchema.shape, ...teamIdsSchema.shape }),
  async ({ id, agentIds, teamIds }, { actor, db }) => {
    await setInboxCollaborators(db, actor, id, { agentIds, teamIds });
    revalidateInbox(id);
  },
  { admin: true },
);

export const deleteInboxAction = action(
  z.object({ id: inboxId, confirmName: z.string() }),
  async ({ id, confirmName }, { actor, db }) => {
    // The typed name is the user's confirmation; check it here too, not only in the dialog.
    const inbox = await getInbox(db, actor, id);
    if (confirmName !== inbox.name) {
      throw new AppError("validation", "Type the inbox name exactly to confirm", { confirmName: ["Does not match the inbox name"] });
    }
    await deleteInbox(db, actor, id);
    revalidateInbox(id);
  },
  { admin: true },
);
