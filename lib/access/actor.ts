import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";

export type Role = "administrator" | "agent";
export type Actor = { id: string; name: string; email: string; role: Role };

/**
 * Reads the user behind a session or token on every request, so that deactivation,
 * role changes and session revocation take effect immediately.
 */
export async function loadActor(db: DbOrTx, userId: string, sessionVersion?: number): Promise<Actor | null> {
  const [u] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!u || !u.active) return null;
  if (sessionVersion !== undefined && u.sessionVersion !== sessionVersion) return null;
  return { id: u.id, name: u.name, email: u.email, role: u.role };
}
