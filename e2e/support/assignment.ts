import { eq } from "drizzle-orm";
import { inboxes, users } from "@/db/schema";
import type { TestDb } from "./db";
import { systemTouchPresence } from "@/lib/assignment/presence";
import type { AutoAssignment } from "@/lib/assignment/settings.schema";

/* Set-ups the assignment integration tests (lib/assignment/*.int.test.ts) share. */

/** `n` agents with this capacity, online (availability online and a live stream's mark). */
export async function onlineAgents(t: TestDb, n: number, capacity: number | null) {
  const agents = [];
  for (let i = 0; i < n; i++) {
    const a = await t.makeAgent();
    await t.db.update(users).set({ capacity }).where(eq(users.id, a.id));
    await systemTouchPresence(t.db, a.id);
    agents.push(a);
  }
  return agents;
}

/** An API inbox these agents work in, with its queue on (balanced, no cap) unless told otherwise. */
export async function queueInbox(t: TestDb, agentIds: string[], settings: Partial<AutoAssignment> = {}) {
  const inbox = await t.makeApiInbox({ agentIds });
  await t.db
    .update(inboxes)
    .set({ autoAssignment: { enabled: true, mode: "balanced", capacity: null, ...settings } })
    .where(eq(inboxes.id, inbox.id));
  return inbox;
}
