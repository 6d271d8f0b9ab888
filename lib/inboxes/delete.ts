import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxes } from "@/db/schema";
import type { Actor } from "@/lib/access/actor";
import { recordAudit } from "@/lib/audit/record";
import { getAdapter } from "@/lib/channels/registry";
import { notFound } from "@/lib/errors";
import { publish } from "@/lib/realtime/bus";
import { inboxContext } from "./context";
import { findInboxRow } from "./create";
import { requireAdmin } from "@/lib/access/policy";
import { log } from "@/lib/log";

/**
 * Soft delete (docs/architecture.md §2.4): one row update whatever the inbox's size. Credentials are wiped,
 * webhooks answer 410, conversations stay for administrators and vanish for agents.
 */
export async function deleteInbox(db: Db, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor, "manage inboxes");
  const row = await findInboxRow(db, id);
  if (!row || row.deletedAt) throw notFound("Inbox not found");
  const adapter = getAdapter(row.channelType);
  // Unregister at the provider while we still hold the credentials; a failure must not block deletion.
  await adapter?.onDelete?.(inboxContext(row)).catch((e) => log.warn("inboxes", `provider cleanup failed for ${id}`, e));
  await db.transaction(async (tx) => {
    await tx
      .update(inboxes)
      .set({ deletedAt: new Date(), secrets: null, generated: null, channelKey: null, updatedAt: new Date() })
      .where(eq(inboxes.id, id));
    await recordAudit(tx, { actorId: actor.id, action: "inbox.deleted", targetType: "inbox", targetId: id, inboxId: id, details: { name: row.name } });
  });
  await publish(db, { type: "inbox.updated", inboxId: id }, { type: "access.changed" });
}
