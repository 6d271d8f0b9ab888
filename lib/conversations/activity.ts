import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { messages, teams, users } from "@/db/schema";

async function nameOf(tx: Tx, table: typeof users | typeof teams, id: string | null) {
  if (!id) return null;
  const [row] = await tx.select({ name: table.name }).from(table).where(eq(table.id, id));
  return row?.name ?? "someone";
}

// Activity lines are stored text read by API clients too, so the time is spelled out in UTC.
const formatUtc = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";

const STATUS_WORDS = { open: "reopened", resolved: "resolved", pending: "marked as pending", snoozed: "snoozed" } as const;

/** Human sentences for the thread's activity lines, written with the change they describe. */
export async function describeChange(
  tx: Tx,
  actorName: string,
  change: { status?: keyof typeof STATUS_WORDS; snoozedUntil?: Date; assigneeId?: string | null; teamId?: string | null; priority?: string },
): Promise<string[]> {
  const lines: string[] = [];
  if (change.status) {
    const until = change.status === "snoozed" && change.snoozedUntil ? ` until ${formatUtc(change.snoozedUntil)}` : "";
    lines.push(`${actorName} ${STATUS_WORDS[change.status]} the conversation${until}`);
  }
  if (change.assigneeId !== undefined) {
    lines.push(change.assigneeId ? `${actorName} assigned the conversation to ${await nameOf(tx, users, change.assigneeId)}` : `${actorName} unassigned the conversation`);
  }
  if (change.teamId !== undefined) {
    lines.push(change.teamId ? `${actorName} moved the conversation to team ${await nameOf(tx, teams, change.teamId)}` : `${actorName} removed the team`);
  }
  if (change.priority) lines.push(`${actorName} set priority to ${change.priority}`);
  return lines;
}

/**
 * Stores activity lines. Timed by the clock, not the transaction's start (a column default), so a
 * line follows what the same transaction stored before it — the customer's message that a rule
 * or the queue acted on.
 */
export async function insertActivity(tx: Tx, conversationId: string, inboxId: string, lines: string[]) {
  if (!lines.length) return [];
  return tx
    .insert(messages)
    .values(lines.map((content) => ({ conversationId, inboxId, kind: "activity" as const, content, createdAt: sql`clock_timestamp()` })))
    .returning({ id: messages.id });
}
