import Link from "next/link";
import { History } from "lucide-react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/app/(app)/settings/_components/local-time";
import { ACTIONS, EVENT_LABELS, type ActionType, type RuleEvent } from "@/lib/automation/rule.schema";

export type RunEntry = {
  id: string;
  conversationId: string;
  number: number;
  event: string;
  at: Date;
  actions: { type: string; outcome: "done" | "unchanged" | "skipped" | "failed"; detail?: string }[];
  error: string | null;
};

const OUTCOME: Record<RunEntry["actions"][number]["outcome"], { label: string; variant: BadgeVariant }> = {
  done: { label: "Done", variant: "success" },
  unchanged: { label: "Unchanged", variant: "neutral" },
  skipped: { label: "Skipped", variant: "warning" },
  failed: { label: "Failed", variant: "danger" },
};

const actionLabel = (type: string) => ACTIONS[type as ActionType]?.label ?? type;
const eventLabel = (event: string) => EVENT_LABELS[event as RuleEvent] ?? event;

/** The rule's last 100 runs, newest first: what each action did, or why it did not. */
export function RunLog({ runs }: { runs: RunEntry[] }) {
  return (
    <Card className="overflow-hidden" data-testid="run-log">
      <CardHeader title="Run log" description="The last 100 times this rule matched, newest first." />
      {runs.length === 0 ? (
        <EmptyState
          className="border-t border-border py-10"
          icon={<History />}
          title="This rule has not run yet"
          description="Each time it matches a conversation, the run shows here with what every action did, or why it was skipped."
        />
      ) : (
        <ul aria-label="Runs" className="divide-y divide-border border-t border-border">
          {runs.map((run) => (
            <li key={run.id} data-testid="run-row" className="flex gap-4 px-4 py-2.5">
              <div className="flex w-36 shrink-0 flex-col">
                <Link href={`/conversations/${run.number}`} className="w-fit rounded-sm text-sm font-medium text-accent-text hover:underline">
                  #{run.number}
                </Link>
                <LocalTime value={run.at} mode="datetime" className="text-xs text-fg-subtle" />
              </div>
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <p className="text-xs text-fg-subtle">{eventLabel(run.event)}</p>
                <ul aria-label="Actions" className="flex flex-col gap-1">
                  {run.actions.map((a, i) => (
                    <li key={i} className="flex items-baseline gap-2 text-sm">
                      <Badge variant={OUTCOME[a.outcome].variant} className="w-20 justify-center">
                        {OUTCOME[a.outcome].label}
                      </Badge>
                      <span className="shrink-0 text-fg">{actionLabel(a.type)}</span>
                      {a.detail && <span className="min-w-0 truncate text-fg-muted" title={a.detail}>{a.detail}</span>}
                    </li>
                  ))}
                </ul>
                {run.error && <p className="rounded-md bg-danger-soft px-2 py-1 text-sm text-danger-text">{run.error}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
