import { cn } from "@/components/ui/cn";

export type Priority = "none" | "low" | "medium" | "high" | "urgent";

const WORDS: Record<Exclude<Priority, "none">, string> = { urgent: "Urgent", high: "High", medium: "Medium", low: "Low" };
const BARS: Record<Exclude<Priority, "urgent" | "none">, number> = { high: 3, medium: 2, low: 1 };

/**
 * A conversation's priority in a list row: signal bars for low to high (filled by level), a red
 * "!" square for urgent; nothing for none. The bars are drawn, not coloured only, so the level
 * reads without colour; the accessible name says it in words.
 */
export function PriorityMark({ priority, className }: { priority: Priority; className?: string }) {
  if (priority === "none") return null;
  const label = `Priority ${WORDS[priority].toLowerCase()}`;
  if (priority === "urgent") {
    return (
      <span role="img" aria-label={label} title={label} className={cn("inline-flex size-3.5 shrink-0 items-center justify-center rounded-[3px] bg-danger text-[10px] leading-none font-bold text-danger-fg", className)}>
        !
      </span>
    );
  }
  const filled = BARS[priority];
  return (
    <span role="img" aria-label={label} title={label} className={cn("inline-flex h-3 shrink-0 items-end gap-[2px]", className)}>
      {[1, 2, 3].map((bar) => (
        <span key={bar} className={cn("w-[3px] rounded-[1px]", bar <= filled ? "bg-fg-muted" : "bg-border")} style={{ height: `${bar * 4}px` }} />
      ))}
    </span>
  );
}
