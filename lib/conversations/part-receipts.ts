import type { PartStatus } from "@/db/schema";

/*
 * A reply sent as several provider messages (a long SMS split into parts) gets a delivery receipt
 * per part. Each part's latest receipt is kept by its provider id (`messages.part_statuses`), and
 * the reply shows the status over all of them: failed if any part failed (with that part's
 * reason), else the least advanced part's status, so "delivered" means every part arrived.
 */

const RANK = { sent: 1, delivered: 2, read: 3, failed: 4 } as const;

/** Whether a part's new receipt replaces its previous one: only forward, and a failure only before delivery. */
export function partMovesTo(previous: PartStatus | undefined, next: PartStatus["status"]): boolean {
  const current = previous ? RANK[previous.status] : 0;
  return next === "failed" ? current <= RANK.sent : current < RANK[next];
}

/** The reply's status over its parts, in order; a part without a receipt yet counts as sent. */
export function replyStatusOverParts(parts: readonly string[], statuses: Record<string, PartStatus>): PartStatus {
  let least: PartStatus["status"] = "read";
  for (const [i, id] of parts.entries()) {
    const s = statuses[id];
    if (s?.status === "failed") {
      const reason = s.error ?? "Delivery failed";
      return { status: "failed", error: parts.length > 1 ? `Part ${i + 1} of ${parts.length} did not reach the customer: ${reason}` : reason };
    }
    const status = s?.status ?? "sent";
    if (RANK[status] < RANK[least]) least = status;
  }
  return { status: parts.length ? least : "sent" };
}
