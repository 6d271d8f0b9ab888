import { z } from "zod";
import { CHANNEL_TYPES } from "@/lib/channels/types";
import { autoAssignmentSchema } from "@/lib/assignment/settings.schema";
import { autoRepliesSchema } from "./auto-replies.schema";
import { businessHoursSchema } from "./business-hours.schema";

export const inboxName = z.string().trim().min(1, "Give the inbox a name").max(100, "Keep the name under 100 characters");

export const createInboxSchema = z.object({
  name: inboxName,
  channel: z.looseObject({ type: z.enum(CHANNEL_TYPES, "Choose a channel type") }),
  agentIds: z.array(z.uuid()).max(1000).optional(),
  teamIds: z.array(z.uuid()).max(1000).optional(),
});
export type CreateInboxInput = z.infer<typeof createInboxSchema>;

export const updateInboxSchema = z.object({
  name: inboxName.optional(),
  channel: z.looseObject({ type: z.enum(CHANNEL_TYPES).optional() }).optional(),
  // Nested objects replace the stored value whole (no field-by-field merge); null hours: always open.
  businessHours: businessHoursSchema.nullable().optional(),
  autoReplies: autoRepliesSchema.optional(),
  autoAssignment: autoAssignmentSchema.optional(),
});
export type UpdateInboxInput = z.infer<typeof updateInboxSchema>;

export const agentIdsSchema = z.object({ agentIds: z.array(z.uuid("Each agent id must be an id")).max(1000) });
export const teamIdsSchema = z.object({ teamIds: z.array(z.uuid("Each team id must be an id")).max(1000) });
