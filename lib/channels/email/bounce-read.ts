import type { ParsedMail } from "mailparser";
import { header, textOf } from "./classify-headers";

export type BounceReport = {
  /**
   * Message-IDs the report may be about, most telling first: the returned message's own
   * Message-ID (from its returned headers or quoted in the text), the report's references, and
   * only when neither names one, any other id-like token the report carries (looked up against
   * our replies only).
   */
  originalIds: string[];
  /** Whether delivery failed for good; "delayed" reports change nothing. */
  failed: boolean;
  /**
   * Who it failed for: each recipient's addresses as the report names them (Original-Recipient is
   * the address we sent to, Final-Recipient the one it ended at after forwarding). Empty when the
   * report does not say.
   */
  failedRecipients: string[][];
  /** The reply's error: names the recipient when the report does. */
  reason: string;
  /** The reason without whom it was for: "the recipient's mail server refused it: 550 …". */
  detail: string;
};

const ADDRESS = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/;
const ADDRESS_G = new RegExp(ADDRESS.source, "g");
const ID_RE = /<[^<>\s]+@[^<>\s]+>/g;
const clean = (a: string) => a.replace(/^["'<(]+|[>"')]+$/g, "").replace(/[.,;:]+$/, "").trim().toLowerCase();

const reportAddress = (v: string | undefined) => {
  const a = v?.replace(/^[\w-]+;\s*/, "").replace(/^["'<]+|[>"']+$/g, "").trim().toLowerCase();
  return a && a.includes("@") ? a : undefined;
};

/** Warnings that the server is still trying: nothing failed yet. */
const DELAYED =
  /\b(delayed|still being retried|will (continue|keep) (trying|to try)|could not send mail for past|this is a (warning|delay) message only|has not yet been delivered|no action is required on your part|temporarily deferred)\b/i;

/** Words that settle it: the server gave up. */
const PERMANENT = /\b(permanent (fatal )?error|i've given up|i'm not going to try again|gave up|giving up|will not be retried)\b/i;

/** Where the returned message starts in a report that quotes it in the text. */
const RETURNED_START =
  /^[ \t]*(-{2,}.{0,20}(original message|copy of the message|below this line|returned message|headers? of (the )?original|original mail info)|original message headers|-+ ?original message follows|\*\*\* message truncated|received: from |return-path: <)/im;

/** The first SMTP reply in a piece of text: "550 5.1.1 <x@y>… User unknown", "#5.1.1", "5.7.1 …". */
function smtpReply(text: string): string | undefined {
  for (const line of text.split("\n")) {
    const m = /(?:^|[\s:(\[])((?:[45]\d\d[ -](?:#?[245]\.\d{1,3}\.\d{1,3}\s*)?|#?[245]\.\d{1,3}\.\d{1,3}\s+)[^\n]{3,})$/.exec(line);
    if (m && /[a-z]{3}/i.test(m[1]!)) return m[1]!.trim();
    const q = /^(.{6,}?)\s*\(#[245]\.\d{1,3}\.\d{1,3}\)\s*$/.exec(line.trim());
    if (q) return line.trim();
  }
  return undefined;
}

/** Indented continuation lines joined to the line they continue (Exim, Postfix wrap long answers). */
const unfold = (t: string) => t.replace(/^[ \t]+$/gm, "").replace(/\n[ \t]+/g, " ");

type Found = { address: string; block: string };

/**
 * The failed recipients of a report in prose, with the lines that explain each: what qmail,
 * Exim, Postfix and Sendmail without DSN, Exchange, Notes, gateways and carriers write.
 */
function recipientsInProse(body: string, exclude: Set<string>): Found[] {
  const lines = body.split("\n");
  const found: Found[] = [];
  const add = (raw: string, at: number) => {
    const address = clean(raw);
    if (!ADDRESS.test(address) || exclude.has(address) || /^(mailer-daemon|postmaster|mail-daemon)@/i.test(address)) return;
    if (found.some((f) => f.address === address)) return;
    // The lines after the address, up to a blank line: the server's words about it.
    const rest: string[] = [];
    for (let i = at + 1; i < lines.length && lines[i]!.trim() && rest.length < 6; i++) rest.push(lines[i]!.trim());
    found.push({ address, block: [lines[at]!.trim(), ...rest].join(" ") });
  };
  lines.forEach((line, i) => {
    // Header lines of the returned message (To/From of our reply) are not the failure.
    if (/^\s*(from|to|cc|bcc|sender|reply-to|return-path|message-id|in-reply-to|references|subject|date|received|envelope-to|x-[\w-]+)\s*:/i.test(line)) return;
    let m: RegExpExecArray | null;
    // "<x@y>: host mx said: 550 …" (qmail, Postfix), "<x@y>:" (Yahoo), "x@y: 550 …" (OpenSMTPD).
    if ((m = /^\s*<?([^<>\s:]+@[^<>\s:]+?)>?\s*:(\s|$)/.exec(line))) return add(m[1]!, i);
    // An address alone on its line, as lists of failed addresses are written (Exim, Exchange, Notes),
    // maybe followed by "on <date>" (Exchange 2003) or a parenthesised reason (McAfee).
    if ((m = /^\s*<?([^\s<>]+@[^\s<>]+?)>?\s*(:|\s+on\s.+|\s+\(.+\))?\s*$/.exec(line))) return add(m[1]!, i);
    // "Could not be delivered to: <x@y>", "wasn't delivered to x@y because…", "permanent errors: x@y."
    if ((m = /(?:deliver\w*(?: (?:it|your|the|this) ?(?:mail|message|e-?mail)?)? to|permanent errors|failed for|recipient(?:s)?|address(?:es)?|unknown user|user unknown|RCPT TO)\s*:?\s*<?([\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+)>?/i.exec(line))) return add(m[1]!, i);
  });
  if (found.length) return found;
  // Nothing in a known shape: an address written on a line of the report's own words (never a header line).
  lines.forEach((line, i) => {
    if (/^\s*[\w-]+\s*:/.test(line) && !/^\s*[\w.+-]+@/.test(line)) return;
    for (const m of line.matchAll(ADDRESS_G)) add(m[0], i);
  });
  return found;
}

/** Reads a delivery report: mailparser folds message/delivery-status into the text, the returned message into an attachment. */
export function readBounce(mail: ParsedMail, raw?: Buffer | string): BounceReport {
  const text = textOf(mail);
  // mailparser writes an inline returned message into the text without its Message-ID: the raw source still has it.
  const rawText = raw === undefined ? "" : typeof raw === "string" ? raw : raw.toString("latin1");
  const ownId = mail.messageId ? (mail.messageId.startsWith("<") ? mail.messageId : `<${mail.messageId}>`) : "";
  // Unfold continuation lines ("Diagnostic-Code: smtp; 550 …\n    rejected: …"); blank lines stay blank.
  const unfolded = unfold(text);
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
        // "expired" is what some servers write for a message they gave up on.
        failed: action ? /^(failed|expired|bounced?)$/.test(action) : /^5\./.test(status ?? "5."),
        block: b,
      };
    });

  const returned = mail.attachments
    .filter((a) => /^(text\/rfc822-headers|message\/rfc822|message\/global|message\/global-headers|text\/rfc822|message\/partial)$/i.test(a.contentType) || /\.eml$/i.test(a.filename ?? ""))
    .map((a) => a.content.toString("utf8"))
    .join("\n");
  const idField = /^[ \t>]*Message-ID:\s*(<[^<>\s]+>)/gim;
  const fromReturned = [...returned.matchAll(idField)].map((m) => m[1]!);
  const fromText = [...text.matchAll(idField)].map((m) => m[1]!);
  const fromRaw = [...rawText.matchAll(idField)].map((m) => m[1]!).filter((id) => id !== ownId);
  const own = [mail.inReplyTo ?? "", ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])].join(" ");
  // Reports that mangle the header (Amazon SES JSON, "Message-Id : <…>", an HTML table) still carry the id somewhere.
  const anywhere = [...`${text}\n${returned}\n${rawText.slice(0, 200_000)}`.matchAll(ID_RE)].map((m) => m[0]).filter((id) => id !== ownId).slice(0, 200);
  // When the report returns the message's Message-ID, that (and the report's own references) is
  // the reply: other ids it quotes (the returned References) would point at earlier replies.
  const returnedIds = [...fromReturned, ...fromText, ...fromRaw];
  const originalIds = [...new Set([...returnedIds, ...(own.match(ID_RE) ?? []), ...(returnedIds.length ? [] : anywhere)])].slice(0, 200);

  const us = new Set([...(mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]) : []).flatMap((t) => t.value.map((v) => v.address?.toLowerCase() ?? ""))]);
  const failedBlocks = perRecipient.filter((r) => r.failed);
  const listed = header(mail, "x-failed-recipients")
    .split(/[,\s]+/)
    .map(clean)
    .filter((a) => ADDRESS.test(a));

  if (perRecipient.length) {
    // RFC 3464: the report says per recipient what happened.
    const source = failedBlocks[0]?.block ?? unfolded;
    const status = fieldIn(source, "Status");
    const diagnostic = fieldIn(source, "Diagnostic-Code")?.replace(/^(smtp|x-postfix|x-unix|x-local|x-exim|x-qmail);\s*/i, "");
    const recipient = failedBlocks[0]?.addresses.at(-1) ?? perRecipient[0]!.addresses.at(-1);
    const who = recipient ? ` for ${recipient}` : "";
    const reason = diagnostic
      ? `The recipient's mail server refused it${who}: ${diagnostic}`
      : status
        ? `The message bounced${who} (status ${status})`
        : `The message bounced${who}: ${(mail.subject ?? "delivery failed").slice(0, 200)}`;
    const detail = diagnostic ? `the recipient's mail server refused it: ${diagnostic}` : status ? `it bounced (status ${status})` : "it bounced";
    const failedFor = failedBlocks.map((r) => r.addresses);
    return {
      originalIds,
      failed: failedBlocks.length > 0,
      failedRecipients: failedFor.length ? failedFor : listed.map((a) => [a]),
      reason: reason.slice(0, 1000),
      detail: detail.slice(0, 1000),
    };
  }

  // A report in prose: the part before the returned message tells who and why.
  const start = RETURNED_START.exec(text);
  const body = text.slice(0, start && start.index > 40 ? start.index : 8000).slice(0, 8000);
  const prose = recipientsInProse(body, us);
  const sesBounced = [...text.matchAll(/\\?"emailAddress\\?"\s*:\s*\\?"([^"\\]+@[^"\\]+)/g)].map((m) => clean(m[1]!));
  const names = listed.length ? listed : prose.length ? prose.map((p) => p.address) : sesBounced;
  const first = prose.find((p) => p.address === names[0]);
  const why = (first && (smtpReply(unfold(first.block)) ?? undefined)) ?? smtpReply(unfold(body)) ?? sesDiagnostic(text) ?? (first ? blockWords(first) : undefined);
  const opening = `${mail.subject ?? ""}\n${body.slice(0, 1500)}`;
  const failed = PERMANENT.test(opening) || !DELAYED.test(opening);
  const because = (why ?? (mail.subject?.trim() || "it bounced")).replace(/\s+/g, " ").slice(0, 500);
  const who = names[0];
  return {
    originalIds,
    failed,
    failedRecipients: names.map((a) => [a]),
    reason: (who ? `Not delivered to ${who}: ${because}` : `Not delivered: ${because}`).slice(0, 1000),
    detail: because,
  };
}

/** The words after the address on its line or the next ones ("As their mailbox is full."). */
function blockWords(f: Found): string | undefined {
  const rest = f.block
    .replace(/<?[^\s<>]+@[^\s<>]+>?/, "")
    .replace(/^[\s:,-]*(on\s.+?\d{4}\s[\d:]+\s*[+-]?\d*\s*)?/i, "")
    .trim();
  return rest.length >= 4 ? rest.slice(0, 300) : undefined;
}

/** Amazon SES's JSON notification names the remote server's answer. */
function sesDiagnostic(text: string): string | undefined {
  return /\\?"diagnosticCode\\?"\s*:\s*\\?"([^"\\]+)/.exec(text)?.[1];
}
