import { z } from "zod";

export const LABEL_NAME_MAX = 50;
export const LABEL_DESCRIPTION_MAX = 500;

const name = z
  .string()
  .trim()
  .min(1, "Give the label a name")
  .max(LABEL_NAME_MAX, `Keep the name under ${LABEL_NAME_MAX} characters`)
  // Commas separate labels wherever they are written as a list (activity lines, CSV exports).
  .refine((v) => !v.includes(","), "A label name cannot contain a comma");

// Stored lowercased so the same colour always compares equal.
const color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #5753d0")
  .transform((v) => v.toLowerCase());

const description = z.string().trim().max(LABEL_DESCRIPTION_MAX, `Keep the description under ${LABEL_DESCRIPTION_MAX} characters`);

// Strict: a misspelt field is a 400 naming it, not a silent no-op.
export const labelInput = z.strictObject({ name, color, description: description.default("") });
export const labelPatch = z.strictObject({ name: name.optional(), color: color.optional(), description: description.optional() });
export const conversationLabelsInput = z.strictObject({
  labelIds: z.array(z.uuid("Each label id must be an id")).max(100, "Up to 100 labels on a conversation"),
});

export type LabelInput = z.infer<typeof labelInput>;
