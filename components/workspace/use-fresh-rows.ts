import { useState } from "react";

type Seen = {
  key: string;
  /** The answer last counted. */
  rows: readonly { id: string }[] | null;
  /** Ids of the answers before it for this filter; null until this filter's first answer has been counted. */
  before: ReadonlySet<string> | null;
  /** `before` plus the ids of `rows`. */
  all: ReadonlySet<string> | null;
};

/**
 * Which rows arrived after the first answer for this filter (new conversations arriving live),
 * so they can slide in: the ids that no earlier answer for the same filter had. A row stays fresh
 * until the next answer. Kept as state adjusted while rendering (React's way of remembering
 * earlier renders), so rendering never reads a ref.
 */
export function useFreshRows(filterKey: string, rows: readonly { id: string }[], loaded: boolean): (id: string) => boolean {
  const [seen, setSeen] = useState<Seen>({ key: filterKey, rows: null, before: null, all: null });
  if (loaded && (seen.key !== filterKey || seen.rows !== rows)) {
    const carried = seen.key === filterKey ? seen.all : null;
    const all = new Set(carried);
    for (const r of rows) all.add(r.id);
    setSeen({ key: filterKey, rows, before: carried, all });
  }
  const before = seen.key === filterKey ? seen.before : null;
  return (id) => before !== null && !before.has(id);
}
