"use client";

import { Archive, SearchX, Users, X } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useMemo } from "react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { Button, buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ApiError } from "./api";
import { ConversationRow, ConversationRowSkeleton } from "./conversation-row";
import { useFilters } from "./filters";
import { LoadMore, SearchBox, StatusMenu } from "./list-controls";
import { NewEmailDialog } from "./new-email-dialog";
import { ListEmpty } from "./list-empty";
import { QueueNotice } from "./queue-notice";
import { useConversationList } from "./use-conversation-list";
import { useFreshRows } from "./use-fresh-rows";
import { useWorkspace } from "./workspace-context";

const VIEW_TITLES = { mine: "Mine", unassigned: "Unassigned", all: "All conversations" } as const;

export function ConversationList() {
  const { filters, conversationHref, listHref } = useFilters();
  const { inboxes, deletedInboxes, teams, numbersRef } = useWorkspace();
  const params = useParams<{ number?: string }>();
  const selected = params.number ? Number(params.number) : null;
  const list = useConversationList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  // Rows that appear after the first load of this filter slide in (new conversations arriving live).
  const loaded = list.isSuccess && !list.isPlaceholderData;
  const isFresh = useFreshRows(JSON.stringify(filters), rows, loaded);
  useEffect(() => {
    if (!loaded) return;
    for (const r of rows) numbersRef.current.set(r.id, r.number);
  }, [rows, loaded, numbersRef]);

  // Inboxes an agent can write first from (email), live ones only.
  const emailInboxes = useMemo(() => inboxes.filter((i) => i.channelType === "email" && i.status !== "deleted"), [inboxes]);
  const scopeInbox = filters.inbox ? [...inboxes, ...deletedInboxes].find((i) => i.id === filters.inbox) : undefined;
  const scopeTeam = filters.team ? teams.find((t) => t.id === filters.team) : undefined;
  // A filter on an inbox or team this user no longer has (access changed, stale link).
  const unknownScope = (filters.inbox && !scopeInbox) || (filters.team && !scopeTeam);
  const scope = filters.inbox
    ? {
        label: scopeInbox ? `${scopeInbox.name}${scopeInbox.status === "deleted" ? " (deleted)" : ""}` : "Unknown inbox",
        icon: <ChannelIcon type={scopeInbox?.channelType ?? ""} size="xs" decorative />,
      }
    : filters.team
      ? { label: scopeTeam?.name ?? "Unknown team", icon: <Users aria-hidden className="size-4 text-fg-subtle" /> }
      : filters.deleted
        ? { label: "Deleted inboxes", icon: <Archive aria-hidden className="size-4 text-fg-subtle" /> }
        : null;

  return (
    <section aria-label="Conversation list" className="flex w-85 shrink-0 flex-col border-r border-border bg-surface">
      <header className="flex shrink-0 flex-col gap-2 border-b border-border px-3 pt-3 pb-2.5">
        <div className="flex h-7 items-center gap-1.5">
          {scope && <span className="flex shrink-0 items-center">{scope.icon}</span>}
          <h2 className="min-w-0 truncate text-base font-semibold" title={scope?.label}>
            {scope ? scope.label : VIEW_TITLES[filters.view]}
          </h2>
          {scope && filters.view !== "all" && (
            <span className="shrink-0 text-base text-fg-subtle">· {VIEW_TITLES[filters.view]}</span>
          )}
          {scope && (
            <Link
              href={listHref({ inbox: null, team: null, deleted: false, status: filters.deleted ? "open" : filters.status })}
              aria-label={`Clear filter: ${scope.label}`}
              title="Clear filter"
              className="grid size-5 shrink-0 place-items-center rounded-sm text-fg-subtle hover:bg-hover hover:text-fg"
            >
              <X aria-hidden className="size-3.5" />
            </Link>
          )}
          <div className="ml-auto flex shrink-0 items-center gap-0.5">
            {emailInboxes.length > 0 && <NewEmailDialog inboxes={emailInboxes} defaultInboxId={filters.inbox ?? undefined} />}
            <StatusMenu status={filters.status} />
          </div>
        </div>
        <SearchBox q={filters.q} />
      </header>
      <QueueNotice filters={filters} />

      <div className="relative min-h-0 flex-1 overflow-y-auto" id="conversation-list-scroll">
        {list.isFetching && list.isPlaceholderData && (
          <div aria-hidden className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-accent/60" />
        )}
        {unknownScope ? (
          <EmptyState
            icon={<SearchX />}
            title={filters.inbox ? "This inbox isn't available to you" : "This team isn't available"}
            description="It may have been removed, or your access changed."
            action={
              <Link href={listHref({ inbox: null, team: null })} className={buttonVariants({ size: "sm" })}>
                Show all conversations
              </Link>
            }
          />
        ) : list.isPending ? (
          <ul aria-label="Loading conversations" aria-busy="true">
            {Array.from({ length: 9 }, (_, i) => (
              <ConversationRowSkeleton key={i} />
            ))}
          </ul>
        ) : list.isError && !list.data ? (
          <EmptyState
            title="Couldn't load conversations"
            description={list.error instanceof ApiError ? list.error.message : "Please try again."}
            action={
              <Button size="sm" onClick={() => void list.refetch()}>
                Try again
              </Button>
            }
          />
        ) : rows.length === 0 ? (
          <ListEmpty filters={filters} />
        ) : (
          <>
            <ul aria-label="Conversations" className={cn(list.isPlaceholderData && "opacity-60 transition-opacity")}>
              {rows.map((c) => (
                <ConversationRow
                  key={c.id}
                  // The open conversation is being read, whatever a refetch raced in.
                  conversation={c.number === selected && c.unread ? { ...c, unread: false } : c}
                  href={conversationHref(c.number)}
                  selected={c.number === selected}
                  fresh={isFresh(c.id)}
                  showStatus={filters.status === "all" || c.status !== filters.status}
                />
              ))}
              {list.isFetchingNextPage && <ConversationRowSkeleton />}
            </ul>
            {list.hasNextPage && <LoadMore onLoad={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} />}
          </>
        )}
      </div>
    </section>
  );
}
