import { z } from "zod";

/** An inbox's auto-assignment (docs/architecture.md §5.8); a PATCH replaces it whole. */
export const autoAssignmentSchema = z.strictObject({
  enabled: z.boolean("Say whether it is on (true or false)"),
  mode: z.enum(["balanced", "round_robin"], 'Use "balanced" or "round_robin"').default("balanced"),
  capacity: z.int("A whole number").min(1, "At least 1").max(1000, "At most 1,000").nullable().default(null),
});
export type AutoAssignment = z.output<typeof autoAssignmentSchema>;

export const AUTO_ASSIGNMENT_OFF: AutoAssignment = { enabled: false, mode: "balanced", capacity: null };

/** Agent capacity (PATCH /agents/:id): null removes the cap. */
export const agentCapacity = z.int("A whole number").min(0, "0 or more").max(1000, "At most 1,000").nullable();
export const availability = z.enum(["online", "busy", "offline"], "Use online, busy or offline");

/**
 * A capacity as typed into a form field: empty means no cap; anything else is read as a number
 * (words become NaN) and left to the schemas above, so the field shows the server's reason.
 */
export function capacityFromText(text: string): number | null {
  const t = text.trim();
  return t === "" ? null : Number(t);
}
