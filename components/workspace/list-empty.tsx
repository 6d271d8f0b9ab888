"use client";

import { Inbox, SearchX } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useFilters, type ListFilters } from "./filters";
import { useWorkspace } from "./workspace-context";

/** Empty lists that teach: what to do next depends on who you are and what you filtered. */
export function ListEmpty({ filters }: { filters: ListFilters }) {
  const { me, inboxes } = useWorkspace();
  const { listHref } = useFilters();
  const isAdmin = me.role === "administrator";

  if (inboxes.length === 0 && !filters.deleted) {
    return isAdmin ? (
      <EmptyState
        icon={<Inbox />}
        title={
          <>
            No conversations yet — connect a channel in{" "}
            <Link href="/settings/inboxes" className="text-accent-text underline underline-offset-2 hover:decoration-2">
              Settings → Inboxes
            </Link>
          </>
        }
        description="Each inbox is one channel connection: a website chat, an email address, a WhatsApp number, a Telegram bot…"
        action={
          <Link href="/settings/inboxes/new" className={buttonVariants({ variant: "primary", size: "sm" })}>
            Connect a channel
          </Link>
        }
      />
    ) : (
      <EmptyState
        icon={<Inbox />}
        title="You are not assigned to any inbox yet — ask an administrator"
        description="Once an administrator adds you to an inbox, or to a team that works in one, its conversations show up here."
      />
    );
  }

  if (filters.q) {
    return (
      <EmptyState
        icon={<SearchX />}
        title="No matches"
        description={`Nothing matches “${filters.q}”${filters.status === "all" ? "" : ` among ${filters.status} conversations`}.`}
        action={
          filters.status !== "all" ? (
            <Link href={listHref({ status: "all" })} className={buttonVariants({ size: "sm" })}>
              Search all statuses
            </Link>
          ) : undefined
        }
      />
    );
  }

  const statusWord = filters.status === "all" ? "" : `${filters.status} `;
  const byView = {
    mine: {
      title: `No ${statusWord}conversations assigned to you`,
      description: "Pick one up from Unassigned, or press a to assign the open one to yourself.",
      link: { href: listHref({ view: "unassigned" }), label: "Go to Unassigned" },
    },
    unassigned: {
      title: `No ${statusWord}unassigned conversations`,
      description: "Everything has an owner. New conversations land here first.",
      link: null,
    },
    all: {
      title: filters.deleted ? "No conversations from deleted inboxes" : `No ${statusWord}conversations`,
      description:
        filters.status === "open"
          ? "You're all caught up. New messages appear here the moment they arrive."
          : "Try another status to see more.",
      link: filters.status !== "all" ? { href: listHref({ status: "all" }), label: "Show all statuses" } : null,
    },
  }[filters.view];

  return (
    <EmptyState
      icon={<Inbox />}
      title={byView.title}
      description={byView.description}
      action={
        byView.link ? (
          <Link href={byView.link.href} className={buttonVariants({ size: "sm" })}>
            {byView.link.label}
          </Link>
        ) : undefined
      }
    />
  );
}
