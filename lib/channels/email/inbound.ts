import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { Db } from "@/db/client";
import { attachments as attachmentsTable, emailMessages, messages, type Attachment, type EmailAddress } from "@/db/schema";
import { attachToConversation, storeInboundMedia, toMessageAttachment } from "@/lib/attachments/store";
import { formatBytes, MAX_INBOUND_MEDIA_BYTES } from "@/lib/attachments/types";
import { applyStatus, ingestEvents } from "@/lib/conversations/ingest";
import type { InboundEvent } from "../types";
import { isDaemonSender } from "./bounce-detect";
import { readBounce } from "./bounce-read";
import { classifyMail } from "./classify";
import { readFeedbackReport } from "./classify-feedback";
import { cleanEmailHtml } from "./html";
import { noteAutoReply, noteComplaint, noteUndeliveredCopy, replyTime } from "./notice";
import { mailPreview } from "./preview";
import type { EmailConfig } from "./schema";
import { log, scrub } from "@/lib/log";

/** Longest text kept as a message's content; the HTML part (if any) is kept whole. */
const MAX_CONTENT = 100_000;
const ID_RE = /<[^<>\s]+>/g;

export type InboundOutcome =
  | { kind: "stored"; messageId: string; conversationId: string; created: boolean }
  | { kind: "ignored"; reason: "duplicate" | "loop" | "auto-reply" | "bounce" | "bounce-unlinked" | "feedback-report" | "no-sender" };

type Inbox = { id: string; config: EmailConfig };

/** Message-IDs keep their angle brackets, as References carries them; mail without one gets a stable stand-in. */
export function messageIdOf(mail: ParsedMail, raw: Buffer): string {
  const id = mail.messageId?.trim();
  if (id) return id.startsWith("<") ? id : `<${id}>`;
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end > 0 ? end : Math.min(raw.length, 8192));
  return `<${createHash("sha256").update(head).digest("hex").slice(0, 40)}@no-message-id.konversio>`;
}

/** In-Reply-To first, then References: every id the mail says it answers. */
export function referencesOf(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references.join(" ") : (mail.references ?? "");
  return [...new Set([...(mail.inReplyTo ?? "").matchAll(ID_RE), ...refs.matchAll(ID_RE)].map((m) => m[0]))].slice(-100);
}

const addresses = (a: AddressObject | AddressObject[] | undefined): EmailAddress[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((o) => o.value)
    .flatMap((v) => (v.group ? v.group : [v]))
    .filter((v) => v.address)
    .map((v) => ({ address: v.address!.toLowerCase(), ...(v.name ? { name: v.name } : {}) }));

/**
 * The references naming a stored mail this sender was in the To or Cc of. Someone the customer
 * copied received that mail from the customer, so their answer to it belongs to the customer's
 * conversation; a Message-ID merely learned elsewhere (a forward, a Bcc) does not qualify.
 */
async function referencesAddressedTo(db: Db, inboxId: string, references: string[], sender: string): Promise<string[]> {
  if (references.length === 0) return [];
  const rows = await db
    .select({ id: emailMessages.messageIdHeader, to: emailMessages.to, cc: emailMessages.cc })
    .from(emailMessages)
    .where(and(eq(emailMessages.inboxId, inboxId), inArray(emailMessages.messageIdHeader, references)));
  return rows.filter((r) => [...r.to, ...r.cc].some((a) => a.address === sender)).map((r) => r.id);
}

/**
 * Whether a Message-ID is one we generated for an agent's reply (in any inbox): our own mail
 * coming back. Activity lines carry the Message-ID of the auto-reply or report they tell of: not ours.
 */
async function isOwnMessage(db: Db, messageId: string): Promise<boolean> {
  const [hit] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.sourceId, messageId), eq(messages.kind, "outgoing")))
    .limit(1);
  return Boolean(hit);
}

/** Bounces no reply of ours could be found for, per inbox since the process started (named in the log line). */
const unlinkedBounces = new Map<string, number>();

/** A delivery report's subject (written by a mail server, not a customer) as a log line may carry it: one line, shortened, anything secret-looking removed. */
const subjectForLog = (mail: ParsedMail) => scrub((mail.subject ?? "(no subject)").replace(/\s+/g, " ").slice(0, 120));

/**
 * A delivery report about one of our replies, found by the reply's Message-ID (the returned
 * headers, the text, the report's references). Reply-all puts people besides the customer on it,
 * so the report says whom it failed for:
 * - the customer, or someone it does not name or we did not copy (a forward, a report without
 *   recipients): the reply is marked failed with the remote server's reason, naming the address;
 * - only people in the reply's Cc: the customer got it, so the reply stays sent (failed + Resend
 *   would mail everyone again) and an activity line tells the agent whose copy bounced.
 * A report naming no reply of ours is logged (warn, with the inbox, its Message-ID and subject) and
 * counted: the admin can look for it in the mailbox. Either way a bounce never opens or joins a
 * conversation (processRawEmail returns before that).
 */
async function handleBounce(db: Db, inbox: Inbox, mail: ParsedMail, raw: Buffer, sourceId: string): Promise<"handled" | "unlinked"> {
  const report = readBounce(mail, raw);
  if (!report.failed) return "handled"; // a delay notice: the server is still trying
  const found = report.originalIds.length
    ? await db
        .select({ sourceId: messages.sourceId, conversationId: messages.conversationId, createdAt: messages.createdAt })
        .from(messages)
        .where(and(eq(messages.inboxId, inbox.id), eq(messages.kind, "outgoing"), inArray(messages.sourceId, report.originalIds)))
    : [];
  // The returned Message-ID comes first in originalIds; other ids the report mentions only after it.
  const ours = found.sort((a, b) => report.originalIds.indexOf(a.sourceId!) - report.originalIds.indexOf(b.sourceId!))[0];
  if (!ours?.sourceId) {
    const count = (unlinkedBounces.get(inbox.id) ?? 0) + 1;
    unlinkedBounces.set(inbox.id, count);
    log.warn(
      "email",
      `${inbox.id}: delivery report ${sourceId.slice(0, 200)} ("${subjectForLog(mail)}") names no reply of this inbox; not applied (${count} such since start)`,
    );
    return "unlinked";
  }
  const [sent] = await db
    .select({ to: emailMessages.to, cc: emailMessages.cc })
    .from(emailMessages)
    .where(and(eq(emailMessages.inboxId, inbox.id), eq(emailMessages.messageIdHeader, ours.sourceId)));
  const copied = new Set((sent?.cc ?? []).map((a) => a.address.toLowerCase()));
  const customer = new Set((sent?.to ?? []).map((a) => a.address.toLowerCase()));
  // Reports in prose may name more addresses than failed: those the reply went to are the ones that count.
  const ofReply = report.failedRecipients.filter((names) => names.some((a) => copied.has(a) || customer.has(a)));
  const failedFor = ofReply.length ? ofReply : report.failedRecipients;
  const copyOf = (addresses: string[]) => addresses.find((a) => copied.has(a) && !customer.has(a));
  const copies = failedFor.map(copyOf);
  const at = { conversationId: ours.conversationId, inboxId: inbox.id };
  const noteCopies = async (who: string[]) => {
    if (who.length) await noteUndeliveredCopy(db, at, `${[...new Set(who)].join(", ")} (Cc) did not get the reply of ${replyTime(ours.createdAt)}: ${report.detail}`);
  };
  if (copies.length && copies.every(Boolean)) {
    await noteCopies(copies as string[]);
    return "handled";
  }
  await applyStatus(db, { id: inbox.id, channelType: "email" }, { type: "status", sourceId: ours.sourceId, status: "failed", error: report.reason });
  return "handled";
}

type Stored = { messageAttachments: Attachment[]; ids: string[]; cidUrls: Map<string, string> };

/**
 * Files of the mail, stored before the message exists (bound to its conversation afterwards).
 * Inline images the HTML shows by `cid:` are not repeated in the attachment list.
 */
async function storeFiles(db: Db, inbox: Inbox, mail: ParsedMail): Promise<Stored> {
  const out: Stored = { messageAttachments: [], ids: [], cidUrls: new Map() };
  const html = typeof mail.html === "string" ? mail.html.toLowerCase() : "";
  for (const [i, a] of mail.attachments.entries()) {
    if (/^(message\/delivery-status|text\/rfc822-headers)$/i.test(a.contentType)) continue;
    const name = a.filename || (a.contentType.startsWith("image/") ? `image-${i + 1}` : `attachment-${i + 1}`);
    if (a.size > MAX_INBOUND_MEDIA_BYTES) {
      out.messageAttachments.push({ name, contentType: a.contentType, size: a.size, url: "", error: `larger than ${formatBytes(MAX_INBOUND_MEDIA_BYTES)}` });
      continue;
    }
    const stored = await storeInboundMedia(db, { inboxId: inbox.id, conversationId: null, name, bytes: a.content, declaredType: a.contentType });
    out.ids.push(stored.id);
    const entry = toMessageAttachment(stored);
    const cid = a.cid?.replace(/^<|>$/g, "").toLowerCase();
    if (cid) out.cidUrls.set(cid, entry.url);
    const shownInline = cid && html.includes(`cid:${cid}`);
    if (!shownInline) out.messageAttachments.push(entry);
  }
  return out;
}

/**
 * One raw mail from the mailbox → a message in its conversation, or nothing (our own mail,
 * an auto-reply, a bounce — which marks our reply failed — or a mail already stored).
 */
export async function processRawEmail(db: Db, inbox: Inbox, raw: Buffer, opts: { receivedAt?: Date } = {}): Promise<InboundOutcome> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  const sourceId = messageIdOf(mail, raw);
  const ownAddresses = [inbox.config.email, ...(inbox.config.aliases ?? [])].map((a) => a.toLowerCase());
  const written = addresses(mail.from)[0];
  const replyTo = addresses(mail.replyTo)[0];
  // A group or list that forwards into the mailbox may put its own address in From ("Kim via
  // Support <support@…>") and the writer in Reply-To: that is the writer's mail, not ours.
  const fromUs = Boolean(written && ownAddresses.includes(written.address));
  const forwarded = fromUs && replyTo && !ownAddresses.includes(replyTo.address);
  const from = forwarded ? { ...replyTo, name: replyTo.name ?? written!.name?.replace(/\s+via\s+.*$/i, "") } : written;
  // From this inbox's address or one of its listed aliases (and no outside Reply-To): our own mail coming back.
  if ((fromUs && !forwarded) || (await isOwnMessage(db, sourceId))) return { kind: "ignored", reason: "loop" };
  const kind = classifyMail(mail, raw);
  if (kind === "bounce") {
    const outcome = await handleBounce(db, inbox, mail, raw, sourceId);
    return { kind: "ignored", reason: outcome === "unlinked" ? "bounce-unlinked" : "bounce" };
  }
  if (kind === "feedback") {
    await noteComplaint(db, inbox.id, sourceId, readFeedbackReport(mail, raw));
    return { kind: "ignored", reason: "feedback-report" };
  }
  if (kind === "auto-reply") {
    await noteAutoReply(db, inbox.id, { sourceId, references: referencesOf(mail), from, subject: mail.subject ?? "" });
    return { kind: "ignored", reason: "auto-reply" };
  }
  if (!from) {
    // Mail without a sender cannot be answered; a report from "MAILER-DAEMON <>" that is none of the above must not vanish unseen.
    log.warn("email", `${inbox.id}: mail ${sourceId.slice(0, 200)} has no sender address${isDaemonSender(mail) ? " (from a mail server)" : ""}; not imported`);
    return { kind: "ignored", reason: "no-sender" };
  }

  const [dup] = await db
    .select({ id: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.inboxId, inbox.id), eq(messages.sourceId, sourceId)));
  if (dup) return { kind: "stored", messageId: dup.id, conversationId: dup.conversationId, created: false };

  const files = await storeFiles(db, inbox, mail);
  const subject = mail.subject?.trim().slice(0, 500) || null;
  const clean = typeof mail.html === "string" && mail.html.trim() ? cleanEmailHtml(mail.html, files.cidUrls, subject) : null;
  await db
    .insert(emailMessages)
    .values({
      inboxId: inbox.id,
      messageIdHeader: sourceId,
      subject,
      from,
      to: addresses(mail.to),
      cc: addresses(mail.cc),
      html: clean?.html ?? null,
      remoteImages: clean?.remoteImages ?? 0,
    })
    .onConflictDoNothing();

  const text = (mail.text ?? "").replace(/\r\n?/g, "\n").trim();
  const references = referencesOf(mail);
  const event: InboundEvent = {
    type: "message",
    contact: { sourceId: from.address, email: from.address, ...(from.name ? { name: from.name.slice(0, 255) } : {}) },
    message: {
      sourceId,
      content: text.slice(0, MAX_CONTENT) || (files.messageAttachments.length ? "" : "(no text)"),
      // The message keeps the whole text (the thread folds the history away); the list and the
      // contact's other conversations show only what the sender wrote, not the history they quoted.
      preview: mailPreview(text.slice(0, MAX_CONTENT), subject, clean) || undefined,
      subject: subject ?? "(no subject)",
      references,
      addressedReferences: await referencesAddressedTo(db, inbox.id, references, from.address),
      recipients: [...addresses(mail.to), ...addresses(mail.cc)].map((a) => a.address.toLowerCase()).filter((a) => ownAddresses.includes(a)),
      attachments: files.messageAttachments,
      createdAt: opts.receivedAt,
    },
  };
  // The whole row: ingestion reads the auto-reply settings from it instead of the database.
  const [result] = await ingestEvents(db, { ...inbox, channelType: "email" }, [event]);
  if (result!.created) {
    await attachToConversation(db, files.ids, result!.conversationId);
  } else if (files.ids.length) {
    // Another worker stored the same mail first: drop this copy's files.
    await db.delete(attachmentsTable).where(inArray(attachmentsTable.id, files.ids));
  }
  return { kind: "stored", ...result! };
}
