import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accessTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { AppError, notFound } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { parseInput } from "@/lib/validation";
import { setAvailability } from "@/lib/assignment/presence";
import { systemServeQueuesOf } from "@/lib/assignment/queue";
import { publicUser, type PublicUser } from "./agents";
import { changePasswordSchema, profileSchema } from "./user.schema";

/**
 * The signed-in user edits their own name and availability (email and role stay with
 * administrators). Becoming available serves the assignment queues they work in.
 */
export async function updateProfile(db: Db, actor: Actor, input: unknown): Promise<PublicUser> {
  const data = parseInput(profileSchema, input);
  const fields = Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined);
  let cameOnline = false;
  const user = await db.transaction(async (tx) => {
    if (data.availability) ({ cameOnline } = await setAvailability(tx, actor.id, data.availability));
    const [u] = await tx
      .update(users)
      .set({ ...(data.name !== undefined ? { name: data.name } : {}), updatedAt: new Date() })
      .where(eq(users.id, actor.id))
      .returning(publicUser);
    if (!u) throw notFound("User not found");
    await recordAudit(tx, { actorId: actor.id, action: "user.updated", targetType: "user", targetId: actor.id, details: { fields } });
    return u;
  });
  // Presence dots everywhere (rail, assign menu, Settings → Agents, Collaborators) refetch.
  if (data.availability) await publish(db, { type: "presence.changed", userId: actor.id });
  if (cameOnline) await systemServeQueuesOf(db, actor.id);
  return user;
}

/** The signed-in user as GET /profile answers: their own record with availability and presence. */
export async function getProfile(db: Db, actor: Actor): Promise<PublicUser> {
  const [u] = await db.select(publicUser).from(users).where(eq(users.id, actor.id));
  if (!u) throw notFound("User not found");
  return u;
}

/**
 * Changes the user's own password after checking the current one. Every existing session and
 * API login token stops working (the caller signs the browser back in); the personal access
 * token survives because integrations depend on it and it is rotated on its own.
 */
export async function changePassword(db: Db, actor: Actor, input: unknown): Promise<void> {
  const data = parseInput(changePasswordSchema, input);
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!row) throw notFound("User not found");
  if (!(await verifyPassword(data.currentPassword, row.passwordHash))) {
    throw new AppError("validation", "Your current password is not correct", { currentPassword: ["This is not your current password"] });
  }
  if (data.currentPassword === data.newPassword) {
    throw new AppError("validation", "Choose a password you are not using now", { newPassword: ["Same as your current password"] });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(users.id, actor.id));
    await tx.delete(accessTokens).where(and(eq(accessTokens.userId, actor.id), eq(accessTokens.kind, "login")));
    await recordAudit(tx, { actorId: actor.id, action: "user.password_changed", targetType: "user", targetId: actor.id });
  });
  // Open realtime streams re-check their session, so other signed-in devices are cut off too.
  await publish(db, { type: "access.changed", userId: actor.id });
}
