import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contactIdentities, contacts, widgetTicketUses } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { hmacHex, safeEqual, sha256Hex } from "@/lib/security/crypto";
import { recordAttempt, retryAfter, type Limit } from "@/lib/security/rate-limit";
import { parseInput } from "@/lib/validation";
import { hostAllowed } from "./domains";
import { hmacFingerprint, type WidgetInbox } from "./inbox";
import {
  issueStreamTicket,
  issueVisitorToken,
  newAnonymousSourceId,
  readStreamTicket,
  readVisitorToken,
  STREAM_TICKET_TTL_SECONDS,
  type StreamTicketClaims,
} from "./token";
import type { Visitor } from "./visibility";
import { sessionSchema } from "./widget.schema";

const USER_PREFIX = "user:";

/**
 * New visitors per client address and inbox. Visitor tokens are stateless, so minting one is
 * cheap — but each is a fresh allowance of the per-visitor message and upload limits.
 */
export const NEW_SESSION_LIMIT: Limit = { max: 30, windowSeconds: 10 * 60 };

/**
 * Only a known address is limited. Without KONVERSIO_TRUSTED_PROXIES the app cannot tell callers
 * apart (clientIp says "any"), and one shared bucket would let a single script lock every new
 * visitor of the site out.
 */
const newSessionKey = (inbox: WidgetInbox, ip: string | null | undefined) =>
  ip && ip !== "any" ? `widget-session:${inbox.id}:${sha256Hex(ip)}` : null;

/** The identifierHash a site's backend must send for `identifier`: hex HMAC-SHA256(inbox hmacToken, identifier). */
export const identifierHashFor = (hmacToken: string, identifier: string) => hmacHex("sha256", hmacToken, identifier);

/** Claims common to visitor tokens and stream tickets (tickets carry no name or email). */
type IdentityClaims = Pick<StreamTicketClaims, "i" | "s" | "h"> & { n?: string; e?: string };

function visitorFrom(inbox: WidgetInbox, c: IdentityClaims | null): Visitor | null {
  if (!c || c.i !== inbox.id) return null;
  const verified = c.s.startsWith(USER_PREFIX);
  // A verified identity stays valid only while the HMAC token it was proven with does.
  if (verified && (!inbox.hmacToken || c.h !== hmacFingerprint(inbox.hmacToken))) return null;
  return { inboxId: inbox.id, sourceId: c.s, verified, name: c.n ?? null, email: c.e ?? null };
}

/**
 * The visitor a request's token proves, in this inbox. A token that is forged, garbled, issued
 * for another inbox or outlived its HMAC token is "not found": nothing tells which.
 */
export function resolveVisitor(inbox: WidgetInbox, token: string | null | undefined): Visitor {
  if (!token) throw new AppError("unauthorized", "Missing visitor token: start a session first");
  const visitor = visitorFrom(inbox, readVisitorToken(token));
  if (!visitor) throw notFound("Unknown visitor: start a new session");
  return visitor;
}

/**
 * POST /api/widget/stream-ticket: a ticket naming the same visitor, for the one URL where a
 * credential must travel in the query string (EventSource sends no headers).
 */
export function streamTicketFor(inbox: WidgetInbox, visitorToken: string | null | undefined) {
  const v = resolveVisitor(inbox, visitorToken);
  const ticket = issueStreamTicket({ i: inbox.id, s: v.sourceId, ...(v.verified ? { h: hmacFingerprint(inbox.hmacToken) } : {}) });
  return { ticket, expiresIn: STREAM_TICKET_TTL_SECONDS };
}

/**
 * The visitor a stream ticket names, in this inbox. Unlike a visitor token, a bad ticket is 401,
 * not 404: it says "ask for a new ticket", not "start a new visitor" — the ticket endpoint, which
 * the widget can read answers from, is where an unknown visitor hears 404.
 */
export async function redeemStreamTicket(db: DbOrTx, inbox: WidgetInbox, ticket: string | null | undefined): Promise<Visitor> {
  const claims = readStreamTicket(ticket);
  const visitor = visitorFrom(inbox, claims);
  if (!visitor || !claims) throw new AppError("unauthorized", "Invalid or expired stream ticket: request a new one");
  // One stream per ticket: a copy from a log or a proxy opens nothing.
  const [first] = await db
    .insert(widgetTicketUses)
    .values({ nonce: claims.u, expiresAt: new Date(claims.x * 1000) })
    .onConflictDoNothing()
    .returning({ nonce: widgetTicketUses.nonce });
  if (!first) throw new AppError("unauthorized", "This stream ticket was already used: request a new one");
  return visitor;
}

/** Job: forgets used tickets that have expired anyway (they could not open a stream again). */
export async function systemPurgeUsedTickets(db: DbOrTx): Promise<number> {
  return (await db.delete(widgetTicketUses).where(lt(widgetTicketUses.expiresAt, sql`now()`)).returning({ nonce: widgetTicketUses.nonce })).length;
}

/** A token for `v`: its identity, and the name/email it told us (shown back to it, never trusted for linking). */
export const visitorTokenFor = (v: Visitor, inbox: WidgetInbox) =>
  issueVisitorToken({
    i: inbox.id,
    s: v.sourceId,
    ...(v.verified ? { h: hmacFingerprint(inbox.hmacToken) } : {}),
    ...(v.name ? { n: v.name } : {}),
    ...(v.email ? { e: v.email } : {}),
  });

/**
 * POST /api/widget/session: resumes the visitor of a valid token or starts an anonymous one, and
 * applies `Konversio.setUser`. With a correct identifierHash the visitor becomes `user:<identifier>`,
 * the same identity on every device; a wrong hash is refused; no hash only names the anonymous visitor.
 */
export async function startSession(
  db: DbOrTx,
  inbox: WidgetInbox,
  input: unknown,
  opts: { pageHost?: string | null; clientIp?: string | null } = {},
) {
  const data = parseInput(sessionSchema, input);
  const { allowedDomains } = inbox.widget;
  if (allowedDomains.length && !hostAllowed(allowedDomains, data.host ?? opts.pageHost)) {
    throw forbidden("This website is not allowed to use this chat");
  }
  const prior = visitorFrom(inbox, readVisitorToken(data.visitorToken));
  // Resuming a visitor is free; starting one counts against the caller's address.
  const limitKey = prior ? null : newSessionKey(inbox, opts.clientIp);
  if (limitKey) {
    const wait = await retryAfter(db, limitKey, NEW_SESSION_LIMIT);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      throw new AppError(
        "rate_limited",
        `Too many new chats were started from your network. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        undefined,
        wait,
      );
    }
  }
  const user = data.user;
  const name = user?.name || null;
  const email = user?.email || null;
  let visitor: Visitor;

  if (user?.identifierHash) {
    const expected = inbox.hmacToken ? identifierHashFor(inbox.hmacToken, user.identifier) : "";
    if (!expected || !safeEqual(user.identifierHash.trim().toLowerCase(), expected)) {
      throw new AppError("unauthorized", "Identity verification failed");
    }
    const sourceId = USER_PREFIX + user.identifier;
    const same = prior?.sourceId === sourceId ? prior : null;
    visitor = { inboxId: inbox.id, sourceId, verified: true, name: name ?? same?.name ?? null, email: email ?? same?.email ?? null };
  } else if (user) {
    // Unproven claims never grant an identity: they only describe the anonymous visitor (or the
    // already-verified one, when the page repeats the same identifier without its hash).
    const keep = prior && (!prior.verified || prior.sourceId === USER_PREFIX + user.identifier) ? prior : null;
    const base = keep ?? { inboxId: inbox.id, sourceId: newAnonymousSourceId(), verified: false, name: null, email: null };
    visitor = { ...base, name: name ?? base.name, email: email ?? base.email };
  } else {
    visitor = prior ?? { inboxId: inbox.id, sourceId: newAnonymousSourceId(), verified: false, name: null, email: null };
  }

  const [known] = await db
    .select({
      name: contacts.name,
      email: contacts.email,
      hasConversation: sql<boolean>`exists (select 1 from conversations c where c.contact_identity_id = contact_identities.id)`,
    })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(and(eq(contactIdentities.inboxId, inbox.id), eq(contactIdentities.sourceId, visitor.sourceId)));

  if (limitKey) await recordAttempt(db, limitKey, NEW_SESSION_LIMIT);

  return {
    visitorToken: visitorTokenFor(visitor, inbox),
    visitor: {
      name: visitor.name ?? known?.name ?? null,
      email: visitor.email ?? (visitor.verified ? (known?.email ?? null) : null),
      verified: visitor.verified,
    },
    hasConversation: Boolean(known?.hasConversation),
  };
}
