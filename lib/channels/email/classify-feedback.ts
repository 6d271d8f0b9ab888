import type { ParsedMail } from "mailparser";
import { contentType, textOf } from "./classify-headers";

/*
 * Feedback-loop reports (ARF, RFC 5965): a mailbox provider telling the sender that its user
 * pressed "this is spam" on a mail of ours. Never a customer's message; when it names one of our
 * replies, the contact is marked as having complained (lib/channels/email/notice.ts).
 */

export type FeedbackReport = {
  /** "abuse", "fraud", "not-spam", … (RFC 5965 §7.3); "abuse" when the report does not say. */
  feedbackType: string;
  /** The provider that sent it: the report's sender domain. */
  provider: string;
  /** Message-IDs of the reported mail, most telling first. */
  originalIds: string[];
  /** Who received the reported mail (Original-Rcpt-To, else the returned To), when not redacted. */
  recipients: string[];
};

/** Outlook.com's JMRP reports are no ARF: a fixed subject and the reported mail, stamped with its recipient. */
const isJmrp = (mail: ParsedMail, raw: string) => /^\s*complaint about message from\b/i.test(mail.subject ?? "") && /^X-HmXmrOriginalRecipient:/im.test(raw);

const rawString = (raw: Buffer | string | undefined) => (raw === undefined ? "" : typeof raw === "string" ? raw : raw.toString("latin1"));

export function isFeedbackReport(mail: ParsedMail, raw?: Buffer | string): boolean {
  const ct = contentType(mail);
  if (ct.params["report-type"] === "feedback-report") return true;
  if (isJmrp(mail, rawString(raw))) return true;
  if (mail.attachments.some((a) => /^message\/feedback-report$/i.test(a.contentType))) return true;
  // Reports whose parts lost their types still open the machine-readable part with these fields.
  return ct.value === "multipart/report" && /^Feedback-Type:\s*\S+/im.test(textOf(mail));
}

const ADDRESS = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/;

export function readFeedbackReport(mail: ParsedMail, raw?: Buffer | string): FeedbackReport {
  const part = mail.attachments
    .filter((a) => /^message\/feedback-report$/i.test(a.contentType))
    .map((a) => a.content.toString("utf8"))
    .join("\n");
  const text = textOf(mail);
  const source = `${part}\n${text}`;
  const field = (name: string) => [...source.matchAll(new RegExp(`^${name}:\\s*(.+)$`, "gim"))].map((m) => m[1]!.trim());
  const rawText = rawString(raw);
  const returned = mail.attachments
    .filter((a) => /^(message\/rfc822|text\/rfc822-headers|message\/global)$/i.test(a.contentType))
    .map((a) => a.content.toString("utf8"))
    .join("\n");
  const own = mail.messageId ? (mail.messageId.startsWith("<") ? mail.messageId : `<${mail.messageId}>`) : "";
  const ids = [...`${returned}\n${rawText}\n${text}`.matchAll(/^[ \t>]*Message-ID:\s*(<[^<>\s]+>)/gim)].map((m) => m[1]!).filter((id) => id !== own);
  const rcpt = [...field("Original-Rcpt-To"), ...[...rawText.matchAll(/^X-HmXmrOriginalRecipient:\s*(.+)$/gim)].map((m) => m[1]!)].map((v) => ADDRESS.exec(v)?.[0]?.toLowerCase()).filter((a): a is string => Boolean(a));
  // Without Original-Rcpt-To, the reported mail's To (mailparser writes an inline message's headers into the text).
  const to = rcpt.length ? [] : [...`${returned}\n${text}`.matchAll(/^To:\s*(.+)$/gim)].map((m) => ADDRESS.exec(m[1]!)?.[0]?.toLowerCase()).filter((a): a is string => Boolean(a));
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? "";
  const provider = from.split("@")[1] || field("Reporting-MTA")[0]?.replace(/^dns;\s*/i, "") || field("User-Agent")[0] || "a mailbox provider";
  return {
    feedbackType: (field("Feedback-Type")[0] ?? "abuse").toLowerCase(),
    provider: provider.slice(0, 100),
    originalIds: [...new Set(ids)].slice(0, 50),
    recipients: [...new Set([...rcpt, ...to])].slice(0, 10),
  };
}
