import type { Query, QueryClient, QueryFilters } from "@tanstack/react-query";

/**
 * Invalidates so that what the queries show next was read after this call — the guarantee a
 * realtime event needs ("something changed, show it").
 *
 * `invalidateQueries` alone does not give it for a query still on its first load: TanStack
 * reuses a fetch in flight when the query has no data yet, and that fetch landing clears the
 * invalidation. If the fetch read the database before the change was committed, the change
 * never shows. So such queries are invalidated once more after their first load lands.
 * (Cancelling the first load instead would let a busy inbox's events restart it forever.)
 */
export async function refetchFresh(qc: QueryClient, filters: QueryFilters = {}): Promise<void> {
  const firstLoads = new Set<Query>(qc.getQueryCache().findAll(filters).filter((q) => q.state.data === undefined && q.state.fetchStatus === "fetching"));
  // Resolves when the fetches it started or reused have landed.
  await qc.invalidateQueries(filters);
  if (firstLoads.size) await qc.invalidateQueries({ ...filters, predicate: (q) => firstLoads.has(q) && (filters.predicate?.(q) ?? true) });
}
