"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchLabels, qk } from "./api";

/** The workspace's labels (kept fresh by the labels.changed event, use-event-stream.ts). */
export function useLabels() {
  return useQuery({ queryKey: qk.labels, queryFn: ({ signal }) => fetchLabels(signal), staleTime: 60_000 });
}
