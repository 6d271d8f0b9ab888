import { Check } from "lucide-react";
import { cn } from "@/components/ui/cn";

const steps = ["Connect", "Collaborators", "Finish"] as const;

/** Where the admin is in "Add inbox"; purely informational (each step is its own URL). */
export function CreateSteps({ current }: { current: 0 | 1 | 2 }) {
  return (
    <ol aria-label="Add inbox progress" className="mb-6 flex items-center gap-2 text-sm">
      {steps.map((label, i) => {
        const done = i < current;
        const active = i === current;
        return (
          <li key={label} aria-current={active ? "step" : undefined} className="flex items-center gap-2">
            {i > 0 && <span aria-hidden className={cn("h-px w-8", done || active ? "bg-accent" : "bg-border-strong")} />}
            <span
              aria-hidden
              className={cn(
                "grid size-5 place-items-center rounded-full text-2xs font-semibold tabular-nums",
                done && "bg-accent text-accent-fg",
                active && "bg-accent-soft text-accent-text ring-1 ring-accent",
                !done && !active && "bg-hover text-fg-subtle",
              )}
            >
              {done ? <Check className="size-3" strokeWidth={3} /> : i + 1}
            </span>
            <span className={cn(active ? "font-medium text-fg" : "text-fg-muted")}>
              {label}
              {done && <span className="sr-only"> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
