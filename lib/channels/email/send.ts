import "server-only";
import { and, asc, eq, like, lt, ne, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { conversations, emailMessages, messages } from "@/db/schema";
import type { OutboundMessage } from "../types";
import { PermanentDeliveryError, TransientDeliveryError } from "../types";
import { isAuthFailure, serverWords, smtpTransport } from "./connection";
import { noteUndeliveredCopy, replyTime } from "./notice";
import { chosenCc, replyRecipients } from "./recipients";
import { formatInline, signatureHtml, signatureText } from "./footer";
import { smtpSettings, type EmailConfig, type EmailSecrets } from "./schema";

/** References keeps the thread's first id and its latest ones, as mail clients do, so headers stay short. */
const MAX_REFERENCES = 20;

/** Our Message-ID for a reply: fixed per message, so a retry after a dropped connection is the same mail to the customer's client. */
export const ownMessageId = (messageId: string, address: string) => `<${messageId}.konversio@${address.split("@")[1] ?? "localhost"}>`;

export function replySubject(subject: string | null): string {
  const s = subject?.trim();
  if (!s) return "Re: your message";
  return /^(re|aw|sv|antw|réf|rif)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/**
 * What the reply answers. The adapter contract hands `send` the message but not the thread, so
 * the thread's Message-IDs and subject are read here: the ids of stored mail (incoming) and of
 * our sent replies, oldest first.
 */
async function thread(message: OutboundMessage, address: string) {
  const db = getDb();
  const [conv] = await db.select({ subject: conversations.subject }).from(conversations).where(eq(conversations.id, message.conversationId));
  const rows = await db
    .select({ id: messages.id, sourceId: messages.sourceId, kind: messages.kind })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, message.conversationId),
        ne(messages.id, message.id),
        eq(messages.private, false),
        or(and(eq(messages.kind, "incoming"), like(messages.sourceId, "<%>")), and(eq(messages.kind, "outgoing"), lt(messages.createdAt, message.createdAt))),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id));
  // Our earlier mails count even before they are delivered: their Message-ID is fixed per message,
  // so a follow-up queued right behind the first mail of a conversation still threads under it.
  const ids = rows.map((r) => r.sourceId ?? ownMessageId(r.id, address));
  const lastIncoming = rows.findLast((r) => r.kind === "incoming")?.sourceId ?? ids.at(-1);
  const references = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  return { subject: conv?.subject ?? null, inReplyTo: lastIncoming, references };
}

/**
 * RFC 3834: mail Konversio sent by itself (an auto-reply) says so, so the customer's own
 * auto-responder stays quiet instead of answering it; Exchange reads the second header.
 */
async function autoReplyHeaders(messageId: string): Promise<Record<string, string> | undefined> {
  const [m] = await getDb().select({ automation: messages.senderAutomation }).from(messages).where(eq(messages.id, messageId));
  return m?.automation ? { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } : undefined;
}

function bodies(content: string, signature: string | undefined) {
  const text = signature ? `${content}\n\n-- \n${signatureText(signature)}` : content;
  const paragraphs = content
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${formatInline(p)}</p>`)
    .join("");
  const sig = signature ? `<div style="margin-top:16px;color:#57606a">${signatureHtml(signature)}</div>` : "";
  const html = `<div style="font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328">${paragraphs}${sig}</div>`;
  return { text, html };
}

type SmtpError = Error & { responseCode?: number; code?: string };

/** SMTP's answer in the agent's words: 5xx is final, 4xx and connection trouble are retried, refused logins need the admin. */
function classify(e: unknown): Error {
  const err = e as SmtpError;
  const words = serverWords(e);
  if (isAuthFailure(e)) return new PermanentDeliveryError(`The mail server refused the inbox's SMTP login: ${words}`, { credentials: true });
  const code = err?.responseCode;
  if (code && code >= 500) return new PermanentDeliveryError(`The mail server refused the message: ${words}`);
  if (code && code >= 400) return new TransientDeliveryError(`The mail server asked to try again later: ${words}`);
  return new TransientDeliveryError(`Could not reach the mail server: ${words}`);
}

type SendInfo = { accepted?: unknown[]; rejected?: unknown[]; rejectedErrors?: SmtpError[] };
const bare = (a: unknown) => String(typeof a === "object" && a && "address" in a ? (a as { address: unknown }).address : a).toLowerCase();

/**
 * Sends an agent's reply by SMTP from the inbox address (From and envelope sender), threaded under
 * the mail it answers, to the customer with a copy to everyone else on the latest mail
 * (recipients.ts: the rule the composer shows) or to whom the agent chose in the composer.
 */
export async function sendEmail(
  inbox: { id: string; config: EmailConfig; secrets: EmailSecrets },
  message: OutboundMessage,
): Promise<{ sourceId: string }> {
  const { id: inboxId, config, secrets } = inbox;
  const db = getDb();
  const recipients = await replyRecipients(db, message.conversationId);
  const to = recipients?.to[0]?.address;
  if (!to) throw new PermanentDeliveryError("This contact has no email address to reply to");
  // The agent's own choice from the composer, if they edited the copies; the reply-all rule otherwise.
  const cc = message.cc ? chosenCc(message.cc, recipients!) : recipients!.cc;
  const t = await thread(message, config.email);
  const messageId = ownMessageId(message.id, config.email);
  // The first mail of a conversation an agent started keeps its subject as written; later ones answer it.
  const subject = t.references.length ? replySubject(t.subject) : t.subject?.trim() || replySubject(null);
  const from = config.displayName ? { name: config.displayName, address: config.email } : { address: config.email };
  const { text, html } = bodies(message.content, config.signature);
  const files = await Promise.all(message.attachments.map(async (a) => ({ filename: a.name, contentType: a.contentType, content: await a.read() })));

  const headers = await autoReplyHeaders(message.id);
  const transport = smtpTransport(smtpSettings(config, secrets));
  let info: SendInfo;
  try {
    info = await transport.sendMail({
      from: "name" in from ? { name: from.name!, address: from.address } : from.address,
      to,
      cc: cc.length ? cc.map((a) => (a.name ? { name: a.name, address: a.address } : a.address)) : undefined,
      subject,
      text,
      html,
      messageId,
      inReplyTo: t.inReplyTo,
      references: t.references.length ? t.references : undefined,
      // Given explicitly (nodemailer would derive the same from to + cc), so the envelope never
      // picks up anything the headers do not show.
      envelope: { from: config.email, to: [to, ...cc.map((a) => a.address)] },
      attachments: files,
      headers,
    });
  } catch (e) {
    throw classify(e);
  } finally {
    transport.close();
  }

  // The relay refused some recipients and took the mail for the rest (all refused is an error above).
  const rejected = new Set((info.rejected ?? []).map(bare));
  const refusal = (address: string) => info.rejectedErrors?.find((err) => bare((err as { recipient?: unknown }).recipient) === address);
  if (rejected.has(to)) {
    // The customer did not get it: the reply failed (or is retried), whoever else was copied.
    const err = classify(refusal(to) ?? Object.assign(new Error(`The mail server refused ${to}`), { responseCode: 550 }));
    const copies = cc.filter((a) => !rejected.has(a.address)).map((a) => a.address);
    if (copies.length) err.message += ` (the copies to ${copies.join(", ")} were sent)`;
    throw err;
  }

  // Shown above the reply in the thread (From/To/Cc/Subject), like incoming mail; a resend after a bounce rewrites it.
  await db
    .insert(emailMessages)
    .values({ inboxId, messageIdHeader: messageId, subject, from, to: [{ address: to }], cc })
    .onConflictDoUpdate({ target: [emailMessages.inboxId, emailMessages.messageIdHeader], set: { subject, from, to: [{ address: to }], cc } });

  for (const a of cc.filter((c) => rejected.has(c.address))) {
    const words = refusal(a.address) ? serverWords(refusal(a.address)) : "refused";
    await noteUndeliveredCopy(db, { conversationId: message.conversationId, inboxId }, `${a.address} (Cc) did not get the reply of ${replyTime(message.createdAt)}: the mail server refused the address: ${words}`);
  }
  return { sourceId: messageId };
}
