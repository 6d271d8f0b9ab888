"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";
import { fetchConversationPage, qk } from "./api";
import type { ListFilters } from "./filters";
import type { ConversationListItem, ConversationPage } from "./types";

/** The keyset-paginated list for the current filters; nav counts read the same cache entry. */
export function useConversationList(filters: ListFilters) {
  return useInfiniteQuery({
    queryKey: qk.list(filters),
    queryFn: ({ pageParam, signal }) => fetchConversationPage(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep showing the previous list while a new filter or search loads: no flash of skeletons.
    placeholderData: keepPreviousData,
  });
}

/** Patches a conversation wherever it appears in cached lists (e.g. clearing its unread dot). */
export function usePatchListItem() {
  const qc = useQueryClient();
  return useCallback(
    (id: string, patch: Partial<ConversationListItem>) => {
      qc.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: qk.lists }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p) => ({ ...p, data: p.data.map((c) => (c.id === id ? { ...c, ...patch } : c)) })),
            }
          : data,
      );
    },
    [qc],
  );
}
