import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { refetchFresh } from "./refetch-fresh";

/*
 * The race behind a conversation that never appeared live: the list's first fetch reads the
 * database, the change commits, its event arrives — and the fetch is still on its way back.
 */

type Deferred = { resolve: (v: string) => void; promise: Promise<string>; aborted: boolean };
const deferred = (): Deferred => {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { resolve, promise, aborted: false };
};

let qc: QueryClient;
let unsubscribe = () => {};
afterEach(() => {
  unsubscribe();
  qc.clear();
});

/** An active query (one observer, as a mounted component has) whose fetches the test answers. */
function activeQuery(key: string[]) {
  qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const calls: Deferred[] = [];
  const observer = new QueryObserver(qc, {
    queryKey: key,
    queryFn: ({ signal }) => {
      const d = deferred();
      calls.push(d);
      signal.addEventListener("abort", () => {
        d.aborted = true;
        d.resolve("aborted");
      });
      return d.promise;
    },
  });
  unsubscribe = observer.subscribe(() => {});
  return { calls, data: () => qc.getQueryData<string>(key) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("refetchFresh", () => {
  it("re-reads a first load that was in flight when the change happened", async () => {
    const q = activeQuery(["conversations", "list", "all"]);
    await settle();
    expect(q.calls).toHaveLength(1); // the first load, reading the database before the change

    void refetchFresh(qc, { queryKey: ["conversations", "list"] });
    await settle();
    expect(q.calls).toHaveLength(1); // the first load is left to land…
    q.calls[0]!.resolve("before the change");
    await settle();
    expect(q.calls).toHaveLength(2); // …and read again
    q.calls[1]!.resolve("after the change");
    await settle();
    expect(q.data()).toBe("after the change");
  });

  it("a burst of events never restarts a first load: it lands, then one fresh read shows the burst", async () => {
    const q = activeQuery(["conversations", "list", "all"]);
    await settle();
    for (let i = 0; i < 5; i++) void refetchFresh(qc, { queryKey: ["conversations", "list"] });
    await settle();
    expect(q.calls).toHaveLength(1);
    expect(q.calls[0]!.aborted).toBe(false);
    q.calls[0]!.resolve("before the burst");
    await settle();
    // The follow-up reads cancel one another; the last one stands.
    q.calls.at(-1)!.resolve("after the burst");
    await settle();
    expect(q.data()).toBe("after the burst");
  });

  it("plain invalidateQueries would have kept the stale first load (why the helper exists)", async () => {
    const q = activeQuery(["conversations", "list", "all"]);
    await settle();
    void qc.invalidateQueries({ queryKey: ["conversations", "list"] });
    await settle();
    expect(q.calls).toHaveLength(1);
    q.calls[0]!.resolve("before the change");
    await settle();
    expect(q.data()).toBe("before the change");
    expect(qc.getQueryState(["conversations", "list", "all"])?.isInvalidated).toBe(false);
  });

  it("refetches a query that has data, and leaves queries outside the filter alone", async () => {
    const q = activeQuery(["conversation", "7", "messages"]);
    await settle();
    q.calls[0]!.resolve("v1");
    await settle();
    await refetchFresh(qc, { queryKey: ["conversations", "list"] });
    expect(q.calls).toHaveLength(1);

    void refetchFresh(qc, { queryKey: ["conversation", "7"] });
    await settle();
    expect(q.calls).toHaveLength(2);
    q.calls[1]!.resolve("v2");
    await settle();
    expect(q.data()).toBe("v2");
  });
});
