import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { contactIdentities, contacts } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { hmacHex, safeEqual } from "@/lib/security/crypto";
import { parseInput } from "@/lib/validation";
import { hostAllowed } from "./domains";
import { hmacFingerprint, type WidgetInbox } from "./inbox";
import { issueVisitorToken, newAnonymousSourceId, readVisitorToken, type VisitorClaims } from "./token";
import type { Visitor } from "./visibility";
import { sessionSchema } from "./widget.schema";

const USER_PREFIX = "user:";

/** The identifierHash a site's backend must send for `identifier`: hex HMAC-SHA256(inbox hmacToken, identifier). */
export const identifierHashFor = (hmacToken: string, identifier: string) => hmacHex("sha256", hmacToken, identifier);

function visitorFrom(inbox: WidgetInbox, c: VisitorClaims | null): Visitor | null {
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

const claimsOf = (v: Visitor, inbox: WidgetInbox) => ({
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
export async function startSession(db: DbOrTx, inbox: WidgetInbox, input: unknown, opts: { pageHost?: string | null } = {}) {
  const data = parseInput(sessionSchema, input);
  const { allowedDomains } = inbox.settings;
  if (allowedDomains.length && !hostAllowed(allowedDomains, data.host ?? opts.pageHost)) {
    throw forbidden("This website is not allowed to use this chat");
  }
  const prior = visitorFrom(inbox, readVisitorToken(data.visitorToken));
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

  return {
    visitorToken: issueVisitorToken(claimsOf(visitor, inbox)),
    visitor: {
      name: visitor.name ?? known?.name ?? null,
      email: visitor.email ?? (visitor.verified ? (known?.email ?? null) : null),
      verified: visitor.verified,
    },
    hasConversation: Boolean(known?.hasConversation),
  };
}
