import type { QueryClient, QueryFilters } from "@tanstack/react-query";

/**
 * Invalidates so that what the queries show next was read after this call — the guarantee a
 * realtime event needs ("something changed, show it").
 *
 * `invalidateQueries` alone does not give it for a query still on its first load: TanStack
 * reuses a fetch in flight when the query has no data yet, and that fetch landing clears the
 * invalidation. If the fetch read the database before the change was committed, the change
 * never shows. So such first loads are cancelled (reverting them to "not loaded") and fetched
 * again; queries that already have data are cancelled and refetched by `invalidateQueries` itself.
 */
export async function refetchFresh(qc: QueryClient, filters: QueryFilters = {}): Promise<void> {
  await qc.cancelQueries({
    ...filters,
    predicate: (q) => q.state.data === undefined && q.state.fetchStatus === "fetching" && (filters.predicate?.(q) ?? true),
  });
  await qc.invalidateQueries(filters);
}
