import "server-only";
import { envValue } from "@/lib/env";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { setupSchema } from "./user.schema";
import { log } from "@/lib/log";

/**
 * Creates the first administrator. Serialised with an advisory lock so two simultaneous
 * setup submissions cannot both succeed.
 */
export async function createFirstAdmin(db: Db, input: unknown) {
  const data = parseInput(setupSchema, input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242001)`);
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }];
    if (n > 0) throw new AppError("conflict", "This workspace is already set up. Sign in instead.");
    const [u] = await tx
      .insert(users)
      .values({ name: data.name, email: data.email, passwordHash, role: "administrator" })
      .returning({ id: users.id, email: users.email });
    return u!;
  });
}

/** KONVERSIO_ADMIN_EMAIL/PASSWORD: create the first administrator without the setup page. */
export async function bootstrapAdminFromEnv(db: Db): Promise<void> {
  const email = envValue("KONVERSIO_ADMIN_EMAIL");
  const password = envValue("KONVERSIO_ADMIN_PASSWORD");
  if (!email || !password) return;
  try {
    await createFirstAdmin(db, { name: envValue("KONVERSIO_ADMIN_NAME") || "Administrator", email, password });
    console.log(`[setup] Created administrator ${email} from KONVERSIO_ADMIN_EMAIL.`);
  } catch (e) {
    if (e instanceof AppError && e.code === "conflict") return;
    log.error("setup", "could not create the administrator from the environment", e);
  }
}
