import { z } from "zod";
import { conversationStatuses, priorities } from "@/db/schema";

export const listConversationsSchema = z.object({
  inboxId: z.uuid("inboxId must be an inbox id").optional(),
  status: z.enum([...conversationStatuses, "all"]).default("open"),
  assignee: z.enum(["me", "unassigned", "all"]).default("all"),
  teamId: z.uuid("teamId must be a team id").optional(),
  labelId: z.uuid("labelId must be a label id").optional(),
  inboxStatus: z.enum(["live", "deleted"]).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListConversationsInput = z.input<typeof listConversationsSchema>;

export const updateConversationSchema = z
  .object({
    status: z.enum(conversationStatuses).optional(),
    snoozedUntil: z.coerce.date({ error: "snoozedUntil must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" }).optional(),
    assigneeId: z.uuid("assigneeId must be an agent id").nullable().optional(),
    teamId: z.uuid("teamId must be a team id").nullable().optional(),
    priority: z.enum(priorities).optional(),
  })
  .refine((v) => v.status !== "snoozed" || (v.snoozedUntil && v.snoozedUntil.getTime() > Date.now()), {
    message: "Choose a time in the future to snooze until",
    path: ["snoozedUntil"],
  });
export type UpdateConversationInput = z.infer<typeof updateConversationSchema>;

/** Email replies only: who gets a copy, instead of the reply-all rule. */
const ccSchema = z
  .array(z.string().trim().toLowerCase().max(320).pipe(z.email("Enter a valid email address, like name@example.com")))
  .max(20, "Up to 20 people in Cc")
  .transform((cc) => [...new Set(cc)]);

export const createMessageSchema = z
  .object({
    content: z.string().trim().max(20_000, "Messages are limited to 20,000 characters").default(""),
    private: z.boolean().default(false),
    /** Ids from POST /conversations/:id/attachments. */
    attachmentIds: z.array(z.uuid("Unknown attachment")).max(5, "Up to 5 files per message").default([]),
    /**
     * Email replies only: who gets a copy, instead of the reply-all rule (omit it to let the rule
     * decide; [] sends to the customer alone).
     */
    cc: ccSchema.optional(),
  })
  .refine((m) => m.content.length > 0 || m.attachmentIds.length > 0, { message: "Write a message first", path: ["content"] })
  .refine((m) => !(m.private && m.cc), { message: "A private note is not sent to anyone: leave out cc", path: ["cc"] });

/** An agent starts a conversation by writing first (email inboxes): the customer gets a new mail. */
export const startConversationSchema = z.object({
  inboxId: z.uuid("Choose the inbox to send from"),
  to: z.string().trim().toLowerCase().max(320).pipe(z.email("Enter the customer's email address, like name@example.com")),
  name: z
    .string()
    .trim()
    .max(255)
    .optional()
    .transform((v) => v || undefined),
  subject: z.string().trim().min(1, "Write a subject").max(500, "Keep the subject under 500 characters"),
  content: z.string().trim().min(1, "Write a message").max(20_000, "Messages are limited to 20,000 characters"),
  cc: ccSchema.default([]),
});
