import type { ParsedMail } from "mailparser";

/**
 * What kind of mail this is, before it may open a conversation: auto-replies (RFC 3834 and the
 * usual vendor headers) and delivery reports (RFC 3464 bounces) never do.
 */

const header = (mail: ParsedMail, name: string): string => {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && "value" in (v as object)) return String((v as { value: unknown }).value);
  return String(v);
};

export function isAutoReply(mail: ParsedMail): boolean {
  const autoSubmitted = header(mail, "auto-submitted").trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return true;
  if (mail.headers.has("x-autoreply") || mail.headers.has("x-autorespond") || mail.headers.has("x-autoresponder")) return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(header(mail, "precedence").trim())) return true;
  return false;
}

export function isBounce(mail: ParsedMail): boolean {
  const ct = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (ct?.value?.toLowerCase() === "multipart/report" && ct.params?.["report-type"]?.toLowerCase() === "delivery-status") return true;
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? "";
  const local = from.split("@")[0] ?? "";
  return (
    (local === "mailer-daemon" || local === "postmaster") &&
    /undeliver|delivery (status notification|failure|has failed)|returned mail|failure notice|mail delivery failed/i.test(mail.subject ?? "")
  );
}

export type BounceReport = {
  /** Message-IDs the report may be about (the returned headers, then the report's own references). */
  originalIds: string[];
  /** Whether delivery failed for good; "delayed" reports change nothing. */
  failed: boolean;
  /**
   * Who it failed for: each recipient's addresses as the report names them (Original-Recipient is
   * the address we sent to, Final-Recipient the one it ended at after forwarding). Empty when the
   * report does not say.
   */
  failedRecipients: string[][];
  reason: string;
  /** The reason without whom it was for: "the recipient's mail server refused it: 550 …". */
  detail: string;
};

const reportAddress = (v: string | undefined) =>
  v
    ?.replace(/^[\w-]+;\s*/, "")
    .replace(/^<|>$/g, "")
    .trim()
    .toLowerCase() || undefined;

const ID_RE = /<[^<>\s]+@[^<>\s]+>/g;

/** Reads a delivery report: mailparser folds message/delivery-status into the text, the returned headers into an attachment. */
export function readBounce(mail: ParsedMail): BounceReport {
  const text = (mail.text ?? "").replace(/\r\n?/g, "\n");
  // Unfold continuation lines ("Diagnostic-Code: smtp; 550 …\n    rejected: …"); blank lines stay blank.
  const unfolded = text.replace(/^[ \t]+$/gm, "").replace(/\n[ \t]+/g, " ");
  const fieldIn = (block: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, "im").exec(block)?.[1]?.trim();
  // One block of fields per recipient (RFC 3464 §2.3), separated by blank lines.
  const perRecipient = unfolded
    .split(/\n\n+/)
    .filter((b) => /^(final|original)-recipient:/im.test(b))
    .map((b) => {
      const action = fieldIn(b, "Action")?.toLowerCase();
      const status = fieldIn(b, "Status");
      return {
        addresses: [reportAddress(fieldIn(b, "Original-Recipient")), reportAddress(fieldIn(b, "Final-Recipient"))].filter((a): a is string => Boolean(a)),
        failed: action ? action === "failed" : !/^4\./.test(status ?? ""),
        block: b,
      };
    });
  const failedBlocks = perRecipient.filter((r) => r.failed);
  // The reason is told from the first recipient it failed for (or the report as a whole).
  const source = failedBlocks[0]?.block ?? unfolded;
  const field = (name: string) => fieldIn(source, name);
  const action = field("Action")?.toLowerCase();
  const status = field("Status");
  const diagnostic = field("Diagnostic-Code")?.replace(/^(smtp|x-postfix|x-unix);\s*/i, "");
  const recipient = field("Final-Recipient")?.replace(/^rfc822;\s*/i, "") ?? field("Original-Recipient")?.replace(/^rfc822;\s*/i, "");

  const returned = mail.attachments
    .filter((a) => /^(text\/rfc822-headers|message\/rfc822|message\/global|message\/global-headers)$/i.test(a.contentType))
    .map((a) => a.content.toString("utf8"))
    .join("\n");
  const fromReturned = [...returned.matchAll(/^Message-ID:\s*(<[^>]+>)/gim)].map((m) => m[1]!);
  const fromText = [...text.matchAll(/^Message-ID:\s*(<[^>]+>)/gim)].map((m) => m[1]!);
  const own = [mail.inReplyTo ?? "", ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])].join(" ");
  const originalIds = [...new Set([...fromReturned, ...fromText, ...(own.match(ID_RE) ?? [])])];

  const failed = perRecipient.length ? failedBlocks.length > 0 : action ? action === "failed" : !/^4\./.test(status ?? "");
  const who = recipient ? ` for ${recipient}` : "";
  const reason = diagnostic
    ? `The recipient's mail server refused it${who}: ${diagnostic}`
    : status
      ? `The message bounced${who} (status ${status})`
      : `The message bounced${who}: ${(mail.subject ?? "delivery failed").slice(0, 200)}`;
  const detail = diagnostic ? `the recipient's mail server refused it: ${diagnostic}` : status ? `it bounced (status ${status})` : "it bounced";
  return { originalIds, failed, failedRecipients: failedBlocks.map((r) => r.addresses), reason: reason.slice(0, 1000), detail: detail.slice(0, 1000) };
}
