// Run by `npm run demo` (scripts/demo.mjs), which opens the database and migrates it first.
import { and, asc, eq } from "drizzle-orm";
import { getDb, getPool } from "@/db/client";
import { users } from "@/db/schema";
import { envValue } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getBoss, stopBoss } from "@/lib/jobs/queue";
import { createFirstAdmin } from "@/lib/users/setup";
import { DEMO_PASSWORD } from "./data";
import { seedDemo } from "./seed";

async function findAdmin() {
  const db = getDb();
  const [admin] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.role, "administrator"), eq(users.active, true)))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return admin;
}

async function main(): Promise<number> {
  const db = getDb();
  // Start the job queue before seeding opens any transaction (see lib/test/db.ts).
  await getBoss();

  let adminLine: string;
  let admin = await findAdmin();
  if (admin) {
    adminLine = `${admin.email} (existing administrator; password unchanged)`;
  } else {
    const givenPassword = envValue("KONVERSIO_ADMIN_PASSWORD");
    const email = envValue("KONVERSIO_ADMIN_EMAIL") || "admin@demo.konversio.test";
    const password = givenPassword || DEMO_PASSWORD;
    admin = await createFirstAdmin(db, { name: envValue("KONVERSIO_ADMIN_NAME") || "Demo Admin", email, password });
    adminLine = `${admin.email} / ${givenPassword ? "(the password in KONVERSIO_ADMIN_PASSWORD)" : password}  (created)`;
  }

  const s = await seedDemo(db, { adminId: admin.id });
  const c = s.conversations;
  const total = c.open + c.pending + c.snoozed + c.resolved;
  console.log(
    [
      "",
      "Demo data added:",
      `  Administrator  ${adminLine}`,
      `  Agents         ${s.agents.map((a) => `${a.name} <${a.email}>${a.created ? "" : " (existing)"}`).join(", ")}`,
      `                 password: ${s.password}`,
      `  Teams          ${s.teams.join(", ")}`,
      `  Inboxes        ${s.inboxes.join(", ")} (api channel)`,
      `  Labels         ${s.labels.join(", ")}`,
      `  Rules          ${s.rules.join(", ")} (Settings → Automation)`,
      `  Contacts       ${s.contacts}`,
      `  Conversations  ${total} (${c.open} open, ${c.pending} pending, ${c.snoozed} snoozed, ${c.resolved} resolved)`,
      "",
    ].join("\n"),
  );
  return 0;
}

void main()
  .catch((e: unknown) => {
    if (e instanceof AppError) console.error(`Demo data not added: ${e.message}`);
    else console.error("Demo data not added:", e);
    return 1;
  })
  .then(async (code) => {
    await stopBoss();
    await getPool().end().catch(() => {});
    process.exit(code);
  });
