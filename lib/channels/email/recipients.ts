import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contactIdentities, contacts, conversations, emailMessages, inboxes, messages, type EmailAddress } from "@/db/schema";

/**
 * Whom an agent's reply goes to: the conversation's customer, and — reply-all, as Front and
 * Help Scout do — a copy to everyone else on the latest mail we received. One function for the
 * SMTP send and for the composer's "To … · Cc …" line, so the agent reads what will happen.
 */

/** Past this many people a mail is an announcement, not a conversation; it also stays well under relays' recipient limits. */
export const MAX_CC = 20;

export type ReplyRecipients = {
  to: EmailAddress[];
  cc: EmailAddress[];
  /** People on the latest mail left out because of MAX_CC. */
  omitted: number;
};

type LatestMail = { from: EmailAddress | null; to: EmailAddress[]; cc: EmailAddress[] };

/** What can go on an envelope without the relay refusing the whole reply over one odd entry. */
const PLAIN_ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;

/** One mailbox however it is written: case does not matter, and `support+billing@` is still `support@`. */
export function mailboxKey(address: string): string {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf("@");
  return at < 0 ? a : a.slice(0, at).replace(/\+.*$/, "") + a.slice(at);
}

/**
 * The rule itself. Cc = the latest mail's sender (when someone the customer looped in wrote it),
 * To and Cc, without our own addresses (`own`, compared by mailbox), without the customer (already
 * in To), each person once, at most MAX_CC. Names stay as the mail spelled them.
 */
export function pickReplyRecipients(input: { customer: string | null; latest: LatestMail | null; own: string[] }): ReplyRecipients {
  const customer = input.customer?.trim().toLowerCase();
  const to = customer ? [{ address: customer }] : [];
  const ours = new Set(input.own.map(mailboxKey));
  const seen = new Set(to.map((a) => a.address));
  const cc: EmailAddress[] = [];
  let omitted = 0;
  const latest = input.latest;
  for (const a of latest ? [latest.from, ...latest.to, ...latest.cc] : []) {
    const address = a?.address?.trim().toLowerCase();
    if (!address || !PLAIN_ADDRESS.test(address) || seen.has(address) || ours.has(mailboxKey(address))) continue;
    seen.add(address);
    if (cc.length >= MAX_CC) {
      omitted++;
      continue;
    }
    const name = a!.name?.replace(/[\r\n\t]+/g, " ").trim().slice(0, 200);
    cc.push(name ? { address, name } : { address });
  }
  return { to, cc, omitted };
}

/**
 * The Cc an agent chose, in place of the rule's: each address once, never the customer (already
 * in To). Names come from the people the rule suggested, where the agent kept them.
 */
export function chosenCc(chosen: string[], suggested: ReplyRecipients): EmailAddress[] {
  const known = new Map(suggested.cc.map((a) => [a.address, a.name]));
  const seen = new Set(suggested.to.map((a) => a.address));
  const cc: EmailAddress[] = [];
  for (const raw of chosen) {
    const address = raw.trim().toLowerCase();
    if (!PLAIN_ADDRESS.test(address) || seen.has(address) || cc.length >= MAX_CC) continue;
    seen.add(address);
    const name = known.get(address);
    cc.push(name ? { address, name } : { address });
  }
  return cc;
}

/**
 * Addresses that reach us: the inbox's address, the other addresses the admin listed for it
 * (aliases the mail provider delivers into the mailbox), and its IMAP/SMTP logins when they are
 * addresses. An alias nobody listed cannot be told from a colleague's address: a copy sent to it
 * comes back into our mailbox and is dropped there as our own mail (inbound.ts).
 */
export function addressesOf(config: Record<string, unknown> | null | undefined): string[] {
  const c = (config ?? {}) as { email?: unknown; aliases?: unknown; imap?: { user?: unknown }; smtp?: { user?: unknown } };
  const listed = Array.isArray(c.aliases) ? c.aliases : [];
  return [c.email, ...listed, c.imap?.user, c.smtp?.user].filter((v): v is string => typeof v === "string" && v.includes("@"));
}

/**
 * Recipients of the next reply in an email conversation (null for other channels). Every live
 * email inbox counts as ours: copying support@ on a reply from sales@ only feeds sales@ its own
 * mail back, which it ignores.
 */
export async function replyRecipients(db: DbOrTx, conversationId: string): Promise<ReplyRecipients | null> {
  const [conv] = await db
    .select({ channelType: inboxes.channelType, config: inboxes.config, identity: contactIdentities.sourceId, email: contacts.email })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(contactIdentities, eq(contactIdentities.id, conversations.contactIdentityId))
    .where(eq(conversations.id, conversationId));
  if (!conv || conv.channelType !== "email") return null;
  const [latest] = await db
    .select({ from: emailMessages.from, to: emailMessages.to, cc: emailMessages.cc })
    .from(messages)
    .innerJoin(emailMessages, and(eq(emailMessages.inboxId, messages.inboxId), eq(emailMessages.messageIdHeader, messages.sourceId)))
    .where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "incoming")))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  const live = await db
    .select({ config: inboxes.config })
    .from(inboxes)
    .where(and(eq(inboxes.channelType, "email"), isNull(inboxes.deletedAt)));
  const customer = conv.identity ?? conv.email;
  return pickReplyRecipients({
    customer: customer?.includes("@") ? customer : null,
    latest: latest ?? null,
    own: [conv.config, ...live.map((i) => i.config)].flatMap((c) => addressesOf(c as Record<string, unknown>)),
  });
}
