import "server-only";
import { presenceSql, type Presence } from "@/lib/assignment/presence";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { isAdmin, requireAdmin } from "@/lib/access/policy";
import { inboxesOfUser, systemReconcileAssignments } from "@/lib/access/reconcile";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { revokeAllTokens } from "@/lib/auth/tokens";
import { AppError, isUniqueViolation, notFound } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { createAgentSchema, updateAgentSchema } from "./user.schema";
import { isUuid } from "@/lib/ids";

export const publicUser = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  availability: users.availability,
  capacity: users.capacity,
  presence: presenceSql(),
};
export type PublicUser = {
  id: string;
  name: string;
  email: string;
  role: "administrator" | "agent";
  active: boolean;
  availability: string;
  /** Open assigned conversations across all inboxes that auto-assignment stops at; null: no cap. */
  capacity: number | null;
  /** online / busy / offline, from availability and a live event stream (lib/assignment/presence.ts). */
  presence: Presence;
};

const MANAGE = "manage agents";

export async function listAgents(db: DbOrTx, _actor: Actor): Promise<PublicUser[]> {
  return db.select(publicUser).from(users).orderBy(desc_active(), asc(sql`lower(${users.name})`));
}
const desc_active = () => sql`${users.active} desc`;

export async function getAgent(db: DbOrTx, id: string): Promise<PublicUser> {
  if (!isUuid(id)) throw notFound("Agent not found");
  const [u] = await db.select(publicUser).from(users).where(eq(users.id, id));
  if (!u) throw notFound("Agent not found");
  return u;
}

export async function createAgent(db: Db, actor: Actor | null, input: unknown): Promise<PublicUser> {
  if (actor) requireAdmin(actor, MANAGE);
  const data = parseInput(createAgentSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({ name: data.name, email: data.email, role: data.role, passwordHash: await hashPassword(data.password) })
        .returning(publicUser);
      await recordAudit(tx, { actorId: actor?.id ?? null, action: "user.created", targetType: "user", targetId: u!.id, details: { email: data.email, role: data.role } });
      return u!;
    });
  } catch (e) {
    if (isUniqueViolation(e, "users_email_lower_idx")) throw new AppError("conflict", "Someone already uses this email address", { email: ["Already in use"] });
    throw e;
  }
}

async function activeAdminCount(db: DbOrTx, excluding: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "administrator"), eq(users.active, true), ne(users.id, excluding)));
  return r!.n;
}

/**
 * Edits an agent. Deactivation (or a password reset) bumps the session version and revokes
 * tokens, so their sessions, tokens and realtime stream stop working at once.
 */
export async function updateAgent(db: Db, actor: Actor, id: string, input: unknown): Promise<PublicUser> {
  requireAdmin(actor, MANAGE);
  const data = parseInput(updateAgentSchema, input);
  const current = await getAgent(db, id);
  const losingAdmin = (data.role === "agent" || data.active === false) && isAdmin(current) && current.active;
  if (losingAdmin && (await activeAdminCount(db, id)) === 0) {
    throw new AppError("conflict", "The workspace needs at least one active administrator");
  }
  const revoke = data.active === false || data.password !== undefined;
  try {
    const updated = await db.transaction(async (tx) => {
      const [u] = await tx
        .update(users)
        .set({
          name: data.name,
          email: data.email,
          role: data.role,
          active: data.active,
          capacity: data.capacity,
          passwordHash: data.password ? await hashPassword(data.password) : undefined,
          sessionVersion: revoke ? sql`${users.sessionVersion} + 1` : undefined,
          updatedAt: new Date(),
        })
        .where(eq(users.id, id))
        .returning(publicUser);
      if (revoke) await revokeAllTokens(tx, id);
      if (data.active === false || data.role === "agent") await systemReconcileAssignments(tx, inboxesOfUser(id));
      const fields = Object.keys(data).filter((k) => k !== "password");
      if (data.password) fields.push("password");
      await recordAudit(tx, {
        actorId: actor.id,
        action: data.active === false ? "user.deactivated" : data.active === true ? "user.reactivated" : "user.updated",
        targetType: "user",
        targetId: id,
        details: { fields },
      });
      return u!;
    });
    await publish(db, { type: "access.changed", userId: id });
    return updated;
  } catch (e) {
    if (isUniqueViolation(e, "users_email_lower_idx")) throw new AppError("conflict", "Someone already uses this email address", { email: ["Already in use"] });
    throw e;
  }
}

export async function deactivateAgent(db: Db, actor: Actor, id: string) {
  if (id === actor.id) throw new AppError("conflict", "You cannot deactivate yourself");
  return updateAgent(db, actor, id, { active: false });
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r!.n;
}
