"use client";

import { Check, Tag } from "lucide-react";
import Link from "next/link";
import { Popover } from "radix-ui";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { LabelChips, LabelDot } from "@/components/labels/label-chip";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { floatingClass } from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import type { ConversationDetail, Me } from "./types";
import { useLabelMutation } from "./use-label-mutation";
import { useLabels } from "./use-labels";

function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * `l` opens the picker, with the same guards as the workspace's other single-key shortcuts
 * (workspace-shell.tsx): not while typing, nor while a menu or dialog is open.
 */
function useLabelShortcut(enabled: boolean, open: () => void) {
  const latest = useRef(open);
  useEffect(() => {
    latest.current = open;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "l" || e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="menu"], [role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}

/** The thread header's label combobox: type to search, ↑↓ to move, Enter to toggle. */
export function LabelPicker({ conversation: c, me, disabled }: { conversation: ConversationDetail; me: Me; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const labels = useLabels();
  const save = useLabelMutation(c.number, c.id);
  const listId = useId();
  useLabelShortcut(!disabled, () => setOpen(true));

  const all = useMemo(() => labels.data ?? [], [labels.data]);
  const q = query.trim().toLowerCase();
  const shown = useMemo(() => (q ? all.filter((l) => l.name.toLowerCase().includes(q)) : all), [all, q]);
  const selected = new Set(c.labels.map((l) => l.id));
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));

  const toggle = (id: string) => {
    const label = all.find((l) => l.id === id);
    if (!label) return;
    const next = selected.has(id) ? c.labels.filter((l) => l.id !== id) : [...c.labels, { id: label.id, name: label.name, color: label.color }];
    save.mutate(next);
  };

  const onOpenChange = (o: boolean) => {
    setOpen(o);
    if (o) {
      setQuery("");
      setActive(0);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!shown.length) return;
      const delta = e.key === "ArrowDown" ? 1 : -1;
      setActive((activeIndex + delta + shown.length) % shown.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const l = shown[activeIndex];
      if (l) toggle(l.id);
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Trigger asChild>
        <Button
          variant="ghost"
          size="sm"
          disabled={disabled}
          aria-label={c.labels.length ? `Labels: ${c.labels.map((l) => l.name).join(", ")}` : "Add labels"}
          data-testid="label-picker"
          className="min-w-0 max-w-80 text-fg"
        >
          <Tag aria-hidden className="text-fg-subtle" />
          {c.labels.length ? <LabelChips labels={c.labels} max={2} /> : <span>Labels</span>}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          aria-label="Labels"
          className={cn(floatingClass, "flex w-64 flex-col overflow-hidden")}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            (e.currentTarget as HTMLElement).querySelector("input")?.focus();
          }}
        >
          <div className="flex items-center gap-2 border-b border-border px-2.5">
            <input
              role="combobox"
              aria-expanded
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={shown.length ? optionId(activeIndex) : undefined}
              aria-label="Search labels"
              placeholder="Search labels…"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              className="h-9 min-w-0 flex-1 bg-transparent text-base text-fg outline-none placeholder:text-fg-subtle"
            />
            <Kbd className="h-4 min-w-4 text-2xs">L</Kbd>
          </div>
          <ul id={listId} role="listbox" aria-multiselectable aria-label="Labels" className="max-h-64 overflow-y-auto p-1">
            {labels.isPending && <li className="px-2 py-1.5 text-sm text-fg-subtle">Loading…</li>}
            {labels.isError && <li className="px-2 py-1.5 text-sm text-danger-text">Couldn&apos;t load labels</li>}
            {labels.isSuccess && all.length === 0 && (
              <li className="px-2 py-1.5 text-sm text-fg-subtle">
                No labels yet.{" "}
                {me.role === "administrator" ? (
                  <Link href="/settings/labels" className="text-accent-text hover:underline">
                    Create some in Settings
                  </Link>
                ) : (
                  "An administrator creates them in Settings → Labels."
                )}
              </li>
            )}
            {all.length > 0 && shown.length === 0 && <li className="px-2 py-1.5 text-sm text-fg-subtle">No label matches “{query.trim()}”</li>}
            {shown.map((l, i) => {
              const isSelected = selected.has(l.id);
              return (
                <li
                  key={l.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={isSelected}
                  onMouseMove={() => setActive(i)}
                  onMouseDown={(e) => e.preventDefault()} // keep focus in the search field
                  onClick={() => toggle(l.id)}
                  className={cn("flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-base select-none", i === activeIndex && "bg-hover")}
                >
                  <LabelDot color={l.color} />
                  <span className="min-w-0 flex-1 truncate" title={l.description || undefined}>
                    {l.name}
                  </span>
                  <Check aria-hidden className={cn("size-4 shrink-0 text-accent-text", !isSelected && "invisible")} />
                </li>
              );
            })}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
