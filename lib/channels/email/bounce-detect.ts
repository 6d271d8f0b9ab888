import type { ParsedMail } from "mailparser";
import { AUTO_REPLY_PREFIX } from "./auto-reply";
import { contentType, header, isForwardSubject, rawHeader, textOf } from "./classify-headers";

/*
 * Whether a mail is a delivery report. RFC 3464 reports say so in their Content-Type; most mail
 * servers write their own: qmail, Exim (and mail.ru, which runs it), Sendmail, Postfix without
 * DSN, Exchange 2003/2007+ and Office 365 NDRs, Lotus Notes, McAfee and Trend Micro gateways,
 * Japanese carriers (KDDI/au, docomo), Yahoo, Gmail, Yandex… Those are told by who sent them
 * (a daemon address, an empty return path), their subject and the sentence they open with.
 *
 * A customer may write about a bounce or forward us one: that is their message, so a sentence
 * alone never decides, and a subject starting "Fwd:" needs the report's structure.
 */

/** Report types that are not about delivery: feedback loops (classify-feedback.ts) and read receipts. */
const NOT_DELIVERY = new Set(["feedback-report", "disposition-notification", "tlsrpt"]);

const DAEMON_LOCAL = /^(mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|poostmaster|mail\.delivery\.system|mail[-_.]?delivery[-_.]?(sub)?system|mdaemon|smtp[-_.]?gateway)$/i;
const DAEMON_NAME = /\b(mailer[- ]?daemon|mail delivery (sub)?system|post ?master|mail ?delivery|ndr administrator|delivery status notification|mail administrator|interscan|system administrator)\b/i;

/** The sender a mail server writes reports as: MAILER-DAEMON, postmaster and kin, with or without an address. */
export function isDaemonSender(mail: ParsedMail): boolean {
  const from = mail.from?.value[0];
  const local = (from?.address ?? "").split("@")[0] ?? "";
  if (DAEMON_LOCAL.test(local)) return true;
  if (from?.name && DAEMON_NAME.test(from.name)) return true;
  // `From: MAILER-DAEMON` without a domain, or `From: <>`: mailparser finds no address at all.
  const written = rawHeader(mail, "from");
  return /^\s*("?mailer[- ]?daemon"?|<>|"?postmaster"?)\b/i.test(written) || /^\s*<?\s*>?\s*$/.test(written);
}

/** An empty return path (RFC 5321 §4.5.5): what every delivery report and many auto-replies are sent with. */
export const hasNullReturnPath = (mail: ParsedMail) => /^<\s*>$/.test(rawHeader(mail, "return-path"));

const SUBJECT = new RegExp(
  [
    "undeliver(able|ed)",
    "undelivered mail",
    "delivery (status|failure|failed|has failed|problem|notification|error|report)",
    "returned mail",
    "returning to sender|returned to sender",
    "mail(ing)? (delivery )?(failed|failure|error)",
    "failure notice",
    "fail(ed|ure) delivery",
    "non[- ]?delivery|nondeliverable|non-deliverable",
    "(could|can) ?not (be )?(delivered|deliver|send)",
    "not (been )?delivered",
    "error sending your mail",
    "mail system error",
    "delayed mail|message .* delayed|could not send mail for past",
    "message (delivery )?failure",
    "unzustellbar|nicht zustellbar|unzustellbare",
    "non remis|non distribuable|distribution impossible",
    "no se (pudo|puede) entregar|no entregado",
    "non recapitabile|mancato recapito",
    "onbestelbaar|niet bezorgd",
    "não (foi )?entregue|não pode ser entregue",
    "не доставлено|недоставлен|не может быть доставлено",
    "メールエラー|配信できません|送信できません|配送エラー|送信に失敗",
    "退信|无法投递|投递失败|未能送达",
    "postfix smtp server: errors",
    "\\bbounced?\\b",
  ].join("|"),
  "i",
);

/** First sentences of the reports servers write (seen in the first lines of the text). */
const INTRO = new RegExp(
  [
    "this is the qmail-send program",
    "this message was created automatically by mail delivery software",
    "this is the mail system at host",
    "the original message was received at",
    "the following addresses had (permanent fatal errors|delivery problems|transient non-fatal errors)",
    "delivery has failed to these recipients or groups",
    "your message did not reach some or all of the intended recipients",
    "did not reach the following recipient",
    "your message (to .{1,200} )?(couldn't|could not|can't|cannot|wasn't|was not) (be )?delivered",
    "delivery to the following recipients? (failed|has been delayed)",
    "(message|mail) (wasn't|was not) delivered to",
    "address not found",
    "sorry, we were unable to deliver your message",
    "i'm sorry to have to inform you that your message could not",
    "unable to deliver (the )?message to the following",
    "could not be delivered to:",
    "was not delivered to:",
    "the following recipients? returned permanent errors",
    "message could not be delivered",
    "could not be delivered to one or more (of its )?recipients",
    "we had trouble delivering your message",
    "this is an automatically generated delivery status notification",
    "delivery (to|of) (the following|this message|your message) .{0,40}(failed|has failed|was unsuccessful)",
    "your mail (sent on|could not)",
    "failed to deliver to",
    "(an e-?mail|the message|your message) you sent (was|has been) rejected",
    "permanent error|permanent fatal error",
    "konnte nicht (zugestellt|ausgeliefert) werden|nicht zustellbar",
    "n'a pas pu être (remis|distribué|délivré)",
    "no se (ha )?pudo entregar",
    "non (è stato possibile recapitare|può essere recapitato)",
    "kon niet (worden )?(bezorgd|afgeleverd)",
    "não (foi possível entregar|pôde ser entregue)",
    "письмо не может быть доставлено|сообщение не (было )?доставлено|не удалось доставить",
    "送信に失敗しました|送信できませんでした|配信できませんでした|配送できませんでした|届きませんでした",
    "无法投递|投递失败|退信",
  ].join("|"),
  "i",
);

/** DSN fields written into the text or an odd part (McAfee, some Exchange relays) instead of a delivery-status part. */
const DSN_FIELDS = /^(final|original)-recipient:\s*(rfc822;)?\s*\S+@\S+[\s\S]{0,2000}?^(action:\s*(failed|delayed|delivered|relayed|expanded)|status:\s*[245]\.\d)/im;

/** The first lines of the text a report opens with, without quoted lines (a customer quoting one). */
const opening = (mail: ParsedMail) =>
  textOf(mail)
    .split("\n")
    .filter((l) => !/^\s*>/.test(l))
    .join("\n")
    .slice(0, 4000);

export function isBounce(mail: ParsedMail): boolean {
  const ct = contentType(mail);
  const reportType = ct.params["report-type"];
  // A multipart/report without a report-type (common) is a delivery report as well.
  if (ct.value === "multipart/report" && !(reportType && NOT_DELIVERY.has(reportType))) return true;
  const subject = mail.subject ?? "";
  // "Automatic reply: Re: your parcel could not be delivered" is an out-of-office, not a report;
  // a forward may carry a whole report as an attachment (mailparser lists its parts too).
  const forward = isForwardSubject(subject) || AUTO_REPLY_PREFIX.test(subject);
  if (!forward && mail.attachments.some((a) => /^message\/(global-)?delivery-status$/i.test(a.contentType))) return true;
  if (header(mail, "x-failed-recipients").trim()) return true;

  const text = opening(mail);
  if (!forward && DSN_FIELDS.test(text)) return true;
  // Amazon SES bounce notifications mailed by SNS: JSON naming the bounce.
  if (!forward && /\\?"notificationType\\?"\s*:\s*\\?"Bounce/.test(text)) return true;
  if (forward) return false;
  const automatic = isDaemonSender(mail) || hasNullReturnPath(mail) || /^auto-(replied|generated)/i.test(header(mail, "auto-submitted").trim());
  const textSays = INTRO.test(text);
  if (automatic) return textSays || SUBJECT.test(subject);
  // From an ordinary-looking sender (carriers' no-reply@, gateways), the report's words must come
  // with the message it returns; a person's words about a failed delivery rarely do.
  return textSays && returnsMessage(mail);
}

/** Whether the mail carries a returned message: attached, or its headers pasted below the report. */
function returnsMessage(mail: ParsedMail): boolean {
  if (mail.attachments.some((a) => /^(message\/(rfc822|global|global-headers)|text\/rfc822-headers)$/i.test(a.contentType))) return true;
  return /^[ \t]*(message-id:\s*<[^>]+>|received: from \S+)/im.test(textOf(mail));
}
