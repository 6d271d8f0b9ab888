import { Badge } from "@/components/ui/badge";

export type ConversationStatus = "open" | "pending" | "snoozed" | "resolved";

const labels: Record<ConversationStatus, string> = {
  open: "Open",
  pending: "Pending",
  snoozed: "Snoozed",
  resolved: "Resolved",
};

export function statusLabel(status: ConversationStatus) {
  return labels[status];
}

export function StatusBadge({ status, className }: { status: ConversationStatus; className?: string }) {
  return (
    <Badge variant={status} dot className={className}>
      {labels[status]}
    </Badge>
  );
}
