"use client";

import Link from "next/link";
import { useRef, useState, useTransition, type DragEvent, type KeyboardEvent } from "react";
import { ArrowDown, ArrowUp, CircleAlert, GripVertical } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { LocalTime } from "@/app/(app)/settings/_components/local-time";
import { reorderRulesAction, updateRuleAction } from "@/app/(app)/settings/automation/actions";
import { EVENT_LABELS, type RuleEvent } from "@/lib/automation/rule.schema";
import { move } from "./draft";

export type ListedRule = {
  id: string;
  name: string;
  description: string;
  active: boolean;
  event: RuleEvent;
  inboxIds: string[];
  runCount: number;
  lastRunAt: Date | null;
  lastError: string | null;
};

type Props = {
  rules: ListedRule[];
  inboxNames: Record<string, string>;
  /** Settings → Automation reorders the whole workspace's rules; an inbox's tab shows only some, so it does not. */
  reorderable: boolean;
};

const numberFormat = new Intl.NumberFormat();

/** Rules in run order: what each does, how often it ran, its last error, and (when reorderable) drag or Alt+↑/↓. */
export function RuleList({ rules, inboxNames, reorderable }: Props) {
  const { toast } = useToast();
  const [order, setOrder] = useState(rules);
  const [seen, setSeen] = useState(rules);
  // A fresh server list (after router.refresh) replaces the local order.
  if (rules !== seen) {
    setSeen(rules);
    setOrder(rules);
  }
  const [, startTransition] = useTransition();
  const [announcement, setAnnouncement] = useState("");
  const [dragId, setDragId] = useState<string | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());

  function reorder(from: number, to: number, focus = false) {
    if (to < 0 || to >= order.length || from === to) return;
    const before = order;
    const next = move(order, from, to);
    const moved = order[from]!;
    setOrder(next);
    setAnnouncement(`${moved.name} moved to position ${to + 1} of ${next.length}`);
    if (focus) requestAnimationFrame(() => rows.current.get(moved.id)?.focus());
    startTransition(async () => {
      const res = await reorderRulesAction({ ruleIds: next.map((r) => r.id) }).catch(() => ({ ok: false as const, error: "Could not reach the server." }));
      if (!res.ok) {
        setOrder(before);
        toast({ variant: "danger", title: "The new order was not saved", description: res.error });
      }
    });
  }

  function setActive(id: string, active: boolean) {
    setOrder((o) => o.map((r) => (r.id === id ? { ...r, active } : r)));
    startTransition(async () => {
      const res = await updateRuleAction({ id, rule: { active } }).catch(() => ({ ok: false as const, error: "Could not reach the server." }));
      if (!res.ok) {
        setOrder((o) => o.map((r) => (r.id === id ? { ...r, active: !active } : r)));
        toast({ variant: "danger", title: active ? "The rule was not switched on" : "The rule was not switched off", description: res.error });
      }
    });
  }

  function onRowKeyDown(e: KeyboardEvent<HTMLLIElement>, index: number) {
    if (!reorderable || !e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    reorder(index, e.key === "ArrowUp" ? index - 1 : index + 1, true);
  }

  function onDragOver(e: DragEvent<HTMLLIElement>, index: number) {
    if (!dragId) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    const box = e.currentTarget.getBoundingClientRect();
    setDropAt(e.clientY < box.top + box.height / 2 ? index : index + 1);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    const from = order.findIndex((r) => r.id === dragId);
    if (from >= 0 && dropAt !== null) reorder(from, dropAt > from ? dropAt - 1 : dropAt);
    setDragId(null);
    setDropAt(null);
  }

  const scopeOf = (r: ListedRule) =>
    r.inboxIds.length === 0 ? null : r.inboxIds.map((id) => inboxNames[id] ?? "a deleted inbox").join(", ");

  return (
    <>
      <div className="flex h-8 items-center gap-3 border-b border-border bg-canvas px-4 text-xs font-medium text-fg-subtle">
        {reorderable && <span className="w-4" aria-hidden />}
        <span className="w-5 text-right" aria-hidden>
          #
        </span>
        <span className="flex-1">Rule</span>
        <span className="w-16 text-right">Runs</span>
        <span className="w-28 text-right">Last run</span>
        <span className="w-12 text-center">Active</span>
        {reorderable && <span className="w-15" aria-hidden />}
      </div>
      <ol aria-label="Rules in run order" aria-describedby={reorderable ? "rule-order-help" : undefined} className="divide-y divide-border" onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setDropAt(null)}>
        {order.map((r, i) => {
          const scope = scopeOf(r);
          return (
            <li
              key={r.id}
              ref={(el) => {
                if (el) rows.current.set(r.id, el);
                else rows.current.delete(r.id);
              }}
              tabIndex={reorderable ? 0 : undefined}
              aria-label={reorderable ? `${i + 1}. ${r.name}` : undefined}
              data-testid="rule-row"
              data-rule-id={r.id}
              draggable={reorderable}
              onDragStart={(e) => {
                setDragId(r.id);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", r.id);
              }}
              onDragEnd={() => {
                setDragId(null);
                setDropAt(null);
              }}
              onDragOver={(e) => onDragOver(e, i)}
              onDrop={onDrop}
              onKeyDown={(e) => onRowKeyDown(e, i)}
              className={cn(
                "flex items-start gap-3 px-4 py-2.5 outline-offset-[-2px] focus-visible:bg-hover",
                dragId === r.id && "opacity-50",
                dropAt === i && "shadow-[inset_0_2px_0_var(--color-accent)]",
                dropAt === i + 1 && i === order.length - 1 && "shadow-[inset_0_-2px_0_var(--color-accent)]",
                !r.active && "bg-canvas/60",
              )}
            >
              {reorderable && <GripVertical aria-hidden className="mt-0.5 size-4 shrink-0 cursor-grab text-fg-subtle" />}
              <span className="mt-0.5 w-5 shrink-0 text-right text-xs text-fg-subtle tabular-nums">{i + 1}</span>
              <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                <Link href={`/settings/automation/${r.id}`} className={cn("w-fit max-w-full truncate rounded-sm font-medium hover:underline", r.active ? "text-fg" : "text-fg-muted")}>
                  {r.name}
                </Link>
                <p className="flex min-w-0 items-center gap-1.5 text-sm text-fg-muted">
                  <span className="truncate">{EVENT_LABELS[r.event]}</span>
                  <span aria-hidden>·</span>
                  {scope ? <span className="truncate" data-testid="rule-scope">{scope}</span> : <Badge data-testid="rule-scope">All inboxes</Badge>}
                  {!r.active && <Badge className="ml-1">Off</Badge>}
                </p>
                {r.lastError && (
                  <p data-testid="rule-last-error" className="mt-1 flex items-start gap-1.5 rounded-md border border-danger/20 bg-danger-soft px-2 py-1 text-sm text-danger-text">
                    <CircleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
                    <span className="min-w-0 break-words">
                      <span className="sr-only">Last error: </span>
                      {r.lastError}
                    </span>
                  </p>
                )}
              </div>
              <span data-testid="rule-runs" className="mt-0.5 w-16 shrink-0 text-right text-sm text-fg tabular-nums">
                {numberFormat.format(r.runCount)}
              </span>
              <span className="mt-0.5 w-28 shrink-0 text-right text-sm text-fg-muted">
                {r.lastRunAt ? <LocalTime value={r.lastRunAt} mode="relative" /> : <span className="text-fg-subtle">Never</span>}
              </span>
              <span className="flex w-12 shrink-0 justify-center pt-0.5">
                <Switch checked={r.active} onCheckedChange={(on) => setActive(r.id, on)} aria-label={`${r.name} active`} />
              </span>
              {reorderable && (
                <span className="-my-0.5 flex w-15 shrink-0 justify-end gap-0.5">
                  <Button variant="ghost" size="icon-sm" aria-label={`Move ${r.name} up`} title="Move up (Alt+↑)" disabled={i === 0} onClick={() => reorder(i, i - 1)}>
                    <ArrowUp aria-hidden />
                  </Button>
                  <Button variant="ghost" size="icon-sm" aria-label={`Move ${r.name} down`} title="Move down (Alt+↓)" disabled={i === order.length - 1} onClick={() => reorder(i, i + 1)}>
                    <ArrowDown aria-hidden />
                  </Button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {reorderable && (
        <p id="rule-order-help" className="border-t border-border px-4 py-2 text-xs text-fg-subtle">
          Drag a rule, or focus it and press Alt+↑ / Alt+↓, to change the order. Rules run top to bottom.
        </p>
      )}
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
    </>
  );
}
