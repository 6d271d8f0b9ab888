import { z } from "zod";
import { templateProblems } from "./auto-reply-template";

/** The longest auto-reply: a greeting or notice, not a letter (agents' replies allow 20,000). */
export const MAX_AUTO_REPLY_LENGTH = 2000;

const autoReply = z
  .strictObject({
    enabled: z.boolean("Say whether it is on (true or false)").default(false),
    message: z.string("Write the message").trim().max(MAX_AUTO_REPLY_LENGTH, `Keep it under ${MAX_AUTO_REPLY_LENGTH} characters`).default(""),
  })
  .superRefine((r, ctx) => {
    if (r.enabled && !r.message) ctx.addIssue({ code: "custom", path: ["message"], message: "Write the message to send" });
    // Unknown variables are refused at save time, so a typo never reaches a customer as {{contact.nmae}}.
    for (const problem of templateProblems(r.message)) ctx.addIssue({ code: "custom", path: ["message"], message: problem });
  });

/** `autoReplies` of an inbox; a PATCH replaces it whole (an omitted reply is off). */
export const autoRepliesSchema = z.strictObject({
  greeting: autoReply.default({ enabled: false, message: "" }),
  outOfOffice: autoReply.default({ enabled: false, message: "" }),
});
export type AutoReplies = z.output<typeof autoRepliesSchema>;

export const AUTO_REPLY_DEFAULTS: AutoReplies = {
  greeting: { enabled: false, message: "Hi {{contact.firstName | there}}, thanks for getting in touch! We have your message and will reply here shortly." },
  outOfOffice: { enabled: false, message: "Thanks for your message. Our team is away right now; we will reply as soon as we are back." },
};

/** Stored value → what the API shows: nothing stored yet shows the suggested messages, switched off. */
export function autoRepliesOf(stored: AutoReplies | null | undefined): AutoReplies {
  return stored ?? AUTO_REPLY_DEFAULTS;
}
