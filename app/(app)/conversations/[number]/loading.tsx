import { Skeleton } from "@/components/ui/skeleton";
import { ThreadSkeleton } from "@/components/workspace/message-list";

/** Same frame as the thread, so opening a conversation never shifts the layout. */
export default function ConversationLoading() {
  return (
    <div className="flex min-w-0 flex-1" aria-busy="true" aria-label="Loading conversation">
      <div className="flex min-w-0 flex-1 flex-col bg-surface">
        <div className="shrink-0 border-b border-border">
          <div className="flex h-12 items-center gap-2 px-4">
            <Skeleton className="h-4 w-10" />
            <Skeleton className="h-4 w-36" />
            <Skeleton className="ml-auto h-5 w-14" />
          </div>
          <div className="flex h-11 items-center gap-2 border-t border-border/60 px-3">
            <Skeleton className="h-7 w-24" />
            <Skeleton className="h-7 w-20" />
            <Skeleton className="ml-auto h-7 w-28" />
          </div>
        </div>
        <ThreadSkeleton />
        <div className="shrink-0 border-t border-border px-4 pt-2 pb-3">
          <Skeleton className="h-28 w-full rounded-lg" />
        </div>
      </div>
      <div className="hidden w-70 shrink-0 flex-col gap-3 border-l border-border bg-surface p-4 xl:flex">
        <Skeleton className="h-3 w-16" />
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-3 w-48" />
        <Skeleton className="h-3 w-40" />
      </div>
    </div>
  );
}
