import type { ParsedMail } from "mailparser";
import { isAutoReply } from "./auto-reply";
import { isBounce } from "./bounce-detect";
import { isFeedbackReport } from "./classify-feedback";

/**
 * What kind of mail this is, before it may open a conversation. Only "mail" does: delivery
 * reports (RFC 3464 and the many non-standard ones) mark our reply failed, feedback-loop reports
 * (RFC 5965) mark a complaint, auto-replies (RFC 3834 and vendors' ways) show as a line in the
 * conversation they answer. The steps after each: lib/channels/email/inbound.ts and notice.ts.
 *
 * The order matters: a feedback report is a multipart/report too, and many bounces carry
 * `Auto-Submitted` — a bounce taken for an auto-reply would leave the reply "sent".
 */
export type MailKind = "feedback" | "bounce" | "auto-reply" | "mail";

export function classifyMail(mail: ParsedMail, raw?: Buffer | string): MailKind {
  if (isFeedbackReport(mail, raw)) return "feedback";
  if (isBounce(mail)) return "bounce";
  if (isAutoReply(mail)) return "auto-reply";
  return "mail";
}
