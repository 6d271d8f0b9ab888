import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/channels/api/signature";
import { receiveWebhook } from "@/lib/channels/receive";
import type { RawRequest } from "@/lib/channels/types";
import { ingestMessage } from "@/lib/conversations/ingest";
import { createInbox } from "@/lib/inboxes/create";
import { setInboxAgents, setInboxTeams } from "@/lib/inboxes/members";
import { createTeam, setTeamMembers } from "@/lib/teams/teams";
import { createAgent, type PublicUser } from "@/lib/users/agents";

export const TEST_PASSWORD = "correct horse battery";

/** An api-channel inbox as its creating administrator sees it (generated values included). */
export type TestApiInbox = {
  id: string;
  name: string;
  status: string;
  webhookUrl: string | null;
  config: Record<string, unknown>;
  inboxIdentifier: string;
  hmacToken: string;
  webhookSecret: string;
};

type UserInput = { name?: string; email?: string; password?: string };

export const actorOf = (u: Pick<PublicUser, "id" | "name" | "email" | "role">): Actor => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
});

/** Builds rows through the real domain functions, so secrets, hashes and audit rows are genuine. */
export function factories(db: () => Db) {
  let seq = 0;
  const unique = () => `${++seq}-${randomBytes(3).toString("hex")}`;
  let fixtureAdmin: Promise<Actor> | undefined;

  async function makeUser(role: "administrator" | "agent", input: UserInput = {}): Promise<PublicUser> {
    const n = unique();
    return createAgent(db(), null, {
      name: input.name ?? `${role === "administrator" ? "Admin" : "Agent"} ${n}`,
      email: input.email ?? `${role}-${n}@test.konversio.test`,
      role,
      password: input.password ?? TEST_PASSWORD,
    });
  }

  /** The administrator the factories act as when no `as` is given (created on first use). */
  function admin(): Promise<Actor> {
    fixtureAdmin ??= makeUser("administrator", { name: "Fixture Admin" }).then(actorOf);
    return fixtureAdmin;
  }

  const makeAdmin = (input?: UserInput) => makeUser("administrator", input);
  const makeAgent = (input?: UserInput) => makeUser("agent", input);

  async function makeTeam(input: { name?: string; memberIds?: string[]; as?: Actor } = {}) {
    const as = input.as ?? (await admin());
    const team = await createTeam(db(), as, { name: input.name ?? `Team ${unique()}` });
    if (input.memberIds?.length) await setTeamMembers(db(), as, team.id, { agentIds: input.memberIds });
    return team;
  }

  async function makeApiInbox(
    input: { name?: string; callbackUrl?: string; agentIds?: string[]; teamIds?: string[]; as?: Actor } = {},
  ): Promise<TestApiInbox> {
    const as = input.as ?? (await admin());
    const inbox = await createInbox(db(), as, {
      name: input.name ?? `API inbox ${unique()}`,
      channel: { type: "api", ...(input.callbackUrl !== undefined ? { callbackUrl: input.callbackUrl } : {}) },
      agentIds: input.agentIds,
      teamIds: input.teamIds,
    });
    return inbox as unknown as TestApiInbox;
  }

  async function setAgents(inboxId: string, agentIds: string[], as?: Actor) {
    return setInboxAgents(db(), as ?? (await admin()), inboxId, { agentIds });
  }

  async function setTeams(inboxId: string, teamIds: string[], as?: Actor) {
    return setInboxTeams(db(), as ?? (await admin()), inboxId, { teamIds });
  }

  /** A webhook request for the api channel, signed with the inbox's hmacToken unless told otherwise. */
  function signedRequest(
    inbox: Pick<TestApiInbox, "hmacToken">,
    body: string | object | Buffer,
    opts: { secret?: string; timestamp?: number; omitSignature?: boolean; omitTimestamp?: boolean } = {},
  ): Omit<RawRequest, "url"> {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const headers = new Headers({ "content-type": "application/json" });
    if (!opts.omitTimestamp) headers.set(TIMESTAMP_HEADER, timestamp);
    if (!opts.omitSignature) headers.set(SIGNATURE_HEADER, signBody(opts.secret ?? inbox.hmacToken, timestamp, raw));
    return { method: "POST", headers, query: new URLSearchParams(), body: raw };
  }

  /** Delivers a signed api-channel webhook through the real pipeline (receiveWebhook). */
  function postWebhook(inbox: TestApiInbox, body: string | object, opts?: Parameters<typeof signedRequest>[2]) {
    return receiveWebhook(db(), "api", inbox.inboxIdentifier, signedRequest(inbox, body, opts));
  }

  /**
   * An incoming message from a contact, straight into ingestion, with the inbox's row as it is now
   * (as the webhook pipeline passes it; an inbox object from earlier may be stale). `byId`: only
   * the id, so ingestion reads the inbox's settings itself (the demo seed's way).
   */
  async function incoming(
    inbox: { id: string },
    input: { contact: string; content?: string; sourceId?: string; name?: string; email?: string; at?: Date; byId?: boolean },
  ) {
    // In a transaction: the embedded PGlite serialises connections per transaction, and a bare
    // read interleaved with concurrent arrivals' statements can lose its unnamed statement.
    const [row] = input.byId ? [{ id: inbox.id }] : await db().transaction((tx) => tx.select().from(inboxes).where(eq(inboxes.id, inbox.id)));
    return ingestMessage(db(), row!, {
      type: "message",
      contact: { sourceId: input.contact, name: input.name, email: input.email },
      message: { sourceId: input.sourceId ?? `msg-${unique()}`, content: input.content ?? "Hello there", createdAt: input.at },
    });
  }

  return { admin, makeAdmin, makeAgent, makeTeam, makeApiInbox, setAgents, setTeams, signedRequest, postWebhook, incoming, actorOf, unique };
}

export type Factories = ReturnType<typeof factories>;
