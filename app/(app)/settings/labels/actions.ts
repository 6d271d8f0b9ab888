"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { labelInput, labelPatch } from "@/lib/labels/label.schema";
import { createLabel, deleteLabel, updateLabel } from "@/lib/labels/labels";

const labelId = z.uuid("Unknown label");

// Open workspace tabs learn of the change from the labels.changed event (lib/labels/labels.ts).
const revalidateLabels = () => revalidatePath("/settings/labels");

export const createLabelAction = action(
  labelInput,
  async (data, { actor, db }) => {
    const label = await createLabel(db, actor, data);
    revalidateLabels();
    return { id: label.id };
  },
  { admin: true },
);

export const updateLabelAction = action(
  labelPatch.extend({ id: labelId }),
  async ({ id, ...patch }, { actor, db }) => {
    await updateLabel(db, actor, id, patch);
    revalidateLabels();
  },
  { admin: true },
);

export const deleteLabelAction = action(
  z.object({ id: labelId }),
  async ({ id }, { actor, db }) => {
    await deleteLabel(db, actor, id);
    revalidateLabels();
  },
  { admin: true },
);
