import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditEvents, users } from "@/db/schema";

export type AuditInput = {
  actorId: string | null;
  action: string;
  targetType: "inbox" | "user" | "team" | "workspace" | "automation_rule";
  targetId?: string | null;
  inboxId?: string | null;
  /** Names of changed fields, ids added/removed — never credential values. */
  details?: Record<string, unknown>;
};

export async function recordAudit(db: DbOrTx, e: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId ?? null,
    inboxId: e.inboxId ?? null,
    details: e.details ?? {},
  });
}

export async function inboxHistory(db: DbOrTx, inboxId: string, limit = 100) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      details: auditEvents.details,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(eq(auditEvents.inboxId, inboxId))
    .orderBy(desc(auditEvents.createdAt))
    .limit(limit);
}
