"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { ConversationStatus } from "@/components/status-badge";

export type View = "mine" | "unassigned" | "all";
export type StatusFilter = ConversationStatus | "all";

/** Everything the conversation list shows is in the URL, so links and the back button work. */
export type ListFilters = {
  view: View;
  status: StatusFilter;
  inbox: string | null;
  team: string | null;
  /** Combines with every other filter (a label is not a place, unlike an inbox or team). */
  label: string | null;
  deleted: boolean;
  q: string;
};

const VIEWS: View[] = ["mine", "unassigned", "all"];
const STATUSES: StatusFilter[] = ["open", "pending", "snoozed", "resolved", "all"];
const DEFAULTS = { view: "all", status: "open" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseFilters(sp: URLSearchParams): ListFilters {
  const view = sp.get("view") as View | null;
  const status = sp.get("status") as StatusFilter | null;
  const inbox = sp.get("inbox");
  const team = sp.get("team");
  const label = sp.get("label");
  const deleted = sp.get("inboxStatus") === "deleted";
  return {
    view: view && VIEWS.includes(view) ? view : DEFAULTS.view,
    status: status && STATUSES.includes(status) ? status : DEFAULTS.status,
    inbox: inbox && UUID.test(inbox) ? inbox : null,
    team: !inbox && team && UUID.test(team) ? team : null,
    label: label && UUID.test(label) ? label : null,
    deleted: !inbox && !team && deleted,
    q: (sp.get("q") ?? "").trim().slice(0, 200),
  };
}

/** Query string for a filter set; defaults are left out so URLs stay short. */
export function filtersToQuery(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.view !== DEFAULTS.view) p.set("view", f.view);
  if (f.status !== DEFAULTS.status) p.set("status", f.status);
  if (f.inbox) p.set("inbox", f.inbox);
  else if (f.team) p.set("team", f.team);
  else if (f.deleted) p.set("inboxStatus", "deleted");
  if (f.label) p.set("label", f.label);
  if (f.q) p.set("q", f.q);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function useFilters() {
  const sp = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const query = sp.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(query)), [query]);

  /** Link to the list with changed filters (closes the open conversation). */
  const listHref = useCallback((patch: Partial<ListFilters>) => `/conversations${filtersToQuery({ ...filters, ...patch })}`, [filters]);
  /** Link to a conversation, keeping the list as it is. */
  const conversationHref = useCallback((n: number) => `/conversations/${n}${filtersToQuery(filters)}`, [filters]);
  /**
   * Changes filters in place (keeps the open conversation). Typing a search replaces the history
   * entry; a deliberate choice such as a status pushes one, so Back undoes it.
   */
  const replaceFilters = useCallback(
    (patch: Partial<ListFilters>, history: "replace" | "push" = "replace") => {
      const href = `${pathname}${filtersToQuery({ ...filters, ...patch })}`;
      if (history === "push") router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [filters, pathname, router],
  );
  return { filters, listHref, conversationHref, replaceFilters };
}
