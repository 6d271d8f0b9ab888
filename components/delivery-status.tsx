import { Check, CheckCheck, CircleExclamationPoint, Clock, type LucideIcon } from "lucide-react";
import { cn } from "@/components/ui/cn";

export type DeliveryStatusValue = "pending" | "sent" | "delivered" | "read" | "failed";

const states: Record<DeliveryStatusValue, { icon: LucideIcon; label: string; color: string }> = {
  pending: { icon: Clock, label: "Sending", color: "text-delivery-pending" },
  sent: { icon: Check, label: "Sent", color: "text-delivery-sent" },
  delivered: { icon: CheckCheck, label: "Delivered", color: "text-delivery-delivered" },
  read: { icon: CheckCheck, label: "Read", color: "text-delivery-read" },
  failed: { icon: CircleExclamationPoint, label: "Failed to send", color: "text-delivery-failed" },
};

export type DeliveryStatusProps = {
  status: DeliveryStatusValue;
  /** Provider's reason, appended to the label when failed. */
  error?: string | null;
  className?: string;
};

export function DeliveryStatus({ status, error, className }: DeliveryStatusProps) {
  const { icon: Icon, label, color } = states[status];
  const text = status === "failed" && error ? `${label}: ${error}` : label;
  return (
    <span role="img" aria-label={text} title={text} className={cn("inline-flex shrink-0", color, className)}>
      <Icon aria-hidden className="size-3.5" />
    </span>
  );
}
