"use client";

import { ChevronDown, Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import { useFilters, type StatusFilter } from "./filters";

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "pending", label: "Pending" },
  { value: "snoozed", label: "Snoozed" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All statuses" },
];

export function StatusMenu({ status }: { status: StatusFilter }) {
  const { replaceFilters } = useFilters();
  const label = STATUS_OPTIONS.find((o) => o.value === status)?.label ?? "Open";
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Status filter: ${label}`} className="text-fg">
          {label}
          <ChevronDown aria-hidden className="text-fg-subtle" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="min-w-36">
        <DropdownMenuRadioGroup value={status} onValueChange={(v) => replaceFilters({ status: v as StatusFilter }, "push")}>
          {STATUS_OPTIONS.map((o) => (
            <DropdownMenuRadioItem key={o.value} value={o.value}>
              {o.label}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** Debounced search that writes `q` into the URL; follows the URL when it changes (back button). */
export function SearchBox({ q }: { q: string }) {
  const { replaceFilters } = useFilters();
  const [value, setValue] = useState(q);
  const [lastQ, setLastQ] = useState(q);
  if (q !== lastQ) {
    setLastQ(q);
    setValue(q);
  }
  const replaceRef = useRef(replaceFilters);
  useEffect(() => {
    replaceRef.current = replaceFilters;
  });
  useEffect(() => {
    const next = value.trim();
    if (next === q) return;
    const t = setTimeout(() => replaceRef.current({ q: next }), 250);
    return () => clearTimeout(t);
  }, [value, q]);

  return (
    <div className="relative">
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-fg-subtle" />
      <input
        id="conversation-search"
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            if (value) setValue("");
            else e.currentTarget.blur();
          }
          if (e.key === "ArrowDown" || e.key === "Enter") {
            const first = document.querySelector<HTMLAnchorElement>("[data-conversation-row]");
            if (first && e.key === "ArrowDown") {
              e.preventDefault();
              first.focus();
            }
          }
        }}
        placeholder="Search name, email, message, #number"
        aria-label="Search conversations"
        autoComplete="off"
        spellCheck={false}
        className="h-8 w-full rounded-md border border-border bg-canvas pr-8 pl-8 text-base placeholder:text-fg-subtle hover:border-border-strong focus-visible:border-accent focus-visible:bg-surface focus-visible:outline-offset-[-1px] [&::-webkit-search-cancel-button]:hidden"
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => setValue("")}
          className="absolute top-1/2 right-1.5 grid size-5 -translate-y-1/2 cursor-pointer place-items-center rounded-sm text-fg-subtle hover:bg-hover hover:text-fg"
        >
          <X aria-hidden className="size-3.5" />
        </button>
      ) : (
        <Kbd aria-hidden className="pointer-events-none absolute top-1/2 right-1.5 -translate-y-1/2">
          /
        </Kbd>
      )}
    </div>
  );
}

/** Infinite scroll: loads the next page when the end of the list comes into view; also a button. */
export function LoadMore({ onLoad, loading }: { onLoad: () => void; loading: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const onLoadRef = useRef(onLoad);
  useEffect(() => {
    onLoadRef.current = onLoad;
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onLoadRef.current();
      },
      { root: document.getElementById("conversation-list-scroll"), rootMargin: "200px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <div ref={ref} className="flex justify-center py-3">
      <Button variant="ghost" size="sm" onClick={onLoad} disabled={loading}>
        {loading ? "Loading…" : "Load more"}
      </Button>
    </div>
  );
}
