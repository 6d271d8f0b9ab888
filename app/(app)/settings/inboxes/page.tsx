import type { Metadata } from "next";
import Link from "next/link";
import { AvatarStack } from "@/components/ui/avatar";
import { ChevronRight, Inbox, Plus } from "lucide-react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { channelLabel } from "@/components/channels/look";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { isAdmin } from "@/lib/access/policy";
import { requireActor } from "@/lib/auth/session";
import { listDeletedInboxes, listInboxes } from "@/lib/inboxes/queries";
import { OpenStateLine } from "@/components/inboxes/open-state";
import { channelUi } from "./_components/channel-ui";

export const metadata: Metadata = { title: "Inboxes" };

type Row = Awaited<ReturnType<typeof listInboxes>>[number];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Health({ inbox }: { inbox: Pick<Row, "status" | "lastError"> }) {
  if (inbox.status === "error") {
    return (
      <Badge variant="warning" dot title={inbox.lastError ?? undefined}>
        Needs attention
      </Badge>
    );
  }
  return (
    <Badge variant="success" dot>
      Active
    </Badge>
  );
}

function InboxRow({ inbox, href }: { inbox: Row; href: string }) {
  const detail = channelUi(inbox.channelType).detail(inbox.config);
  return (
    <li>
      <Link href={href} className="group flex items-center gap-3 px-4 py-3 transition-colors hover:bg-hover focus-ring-inset">
        <ChannelIcon type={inbox.channelType} size="lg" />
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <span className="truncate font-medium text-fg">{inbox.name}</span>
          <span className="truncate text-sm text-fg-muted">
            {channelLabel(inbox.channelType)}
            {detail && ` · ${detail}`}
          </span>
          <OpenStateLine hours={inbox.businessHours} />
          {inbox.status === "error" && inbox.lastError && (
            <span className="truncate text-sm text-warning-text" title={inbox.lastError}>
              {inbox.lastError}
            </span>
          )}
        </div>
        <div className="hidden w-32 shrink-0 sm:block">
          <Health inbox={inbox} />
        </div>
        <div className="hidden w-56 shrink-0 items-center gap-4 md:flex">
          <Collaborators names={inbox.agents} noun={["agent", "agents"]} />
          <Collaborators names={inbox.teams} noun={["team", "teams"]} />
        </div>
        <ChevronRight aria-hidden className="size-4 shrink-0 text-fg-subtle group-hover:text-fg-muted" />
      </Link>
    </li>
  );
}

/** Who works the inbox, as avatars with the full list on hover. */
function Collaborators({ names, noun }: { names: string[]; noun: [string, string] }) {
  const label = names.length ? `${plural(names.length, ...noun)}: ${names.join(", ")}` : `No ${noun[1]}`;
  return (
    <span className="flex min-w-0 flex-1 items-center gap-1.5" title={label}>
      {names.length > 0 ? (
        <AvatarStack people={names.map((name) => ({ name }))} max={3} size="sm" />
      ) : (
        <span className="text-sm text-fg-subtle">No {noun[1]}</span>
      )}
      <span className="sr-only">{label}</span>
      {names.length > 0 && <span className="text-sm text-fg-muted tabular-nums">{plural(names.length, ...noun)}</span>}
    </span>
  );
}

export default async function InboxesPage() {
  const actor = await requireActor();
  const admin = isAdmin(actor);
  const db = getDb();
  const [inboxes, deleted] = await Promise.all([listInboxes(db, actor), listDeletedInboxes(db, actor)]);

  const addButton = admin && (
    <Link href="/settings/inboxes/new" className={buttonVariants({ variant: "primary" })}>
      <Plus aria-hidden /> Add inbox
    </Link>
  );

  return (
    <>
      <PageHeader
        title={admin ? "Inboxes" : "My inboxes"}
        description={
          admin
            ? "Each inbox is one connected channel with its own credentials, agents and teams."
            : "The inboxes you answer, directly or through one of your teams. Administrators manage their settings."
        }
        actions={inboxes.length > 0 ? addButton : undefined}
      />

      {inboxes.length === 0 ? (
        <Card>
          {admin ? (
            <EmptyState
              icon={<Inbox />}
              title="No inboxes yet — connect your first channel"
              description="Conversations arrive through inboxes. Connect a channel, choose who answers it, and messages start flowing in."
              action={addButton}
            />
          ) : (
            <EmptyState
              icon={<Inbox />}
              title="You are not assigned to any inbox yet"
              description="Ask an administrator to add you to an inbox or to one of its teams."
            />
          )}
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-border">
            {inboxes.map((inbox) => (
              <InboxRow
                key={inbox.id}
                inbox={inbox}
                // Agents have nothing to configure; their way into an inbox is its conversations.
                href={admin ? `/settings/inboxes/${inbox.id}` : `/conversations?inbox=${inbox.id}`}
              />
            ))}
          </ul>
        </Card>
      )}

      {deleted.length > 0 && (
        <details className="group mt-8">
          <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded-sm [&::-webkit-details-marker]:hidden text-sm font-medium text-fg-muted hover:text-fg">
            <ChevronRight aria-hidden className="size-3.5 transition-transform group-open:rotate-90" />
            Deleted inboxes ({deleted.length})
          </summary>
          <p className="mt-1 mb-3 text-sm text-fg-muted">
            Their conversations are kept and readable by administrators. Nothing new arrives through them.
          </p>
          <Card className="overflow-hidden">
            <ul className="divide-y divide-border">
              {deleted.map((inbox) => (
                <li key={inbox.id}>
                  <Link
                    href={`/settings/inboxes/${inbox.id}`}
                    className="flex items-center gap-3 px-4 py-2.5 text-fg-muted transition-colors hover:bg-hover focus-ring-inset"
                  >
                    <ChannelIcon type={inbox.channelType} size="md" className="opacity-60" />
                    <span className="min-w-0 flex-1 truncate">{inbox.name}</span>
                    <Badge>Deleted</Badge>
                    <ChevronRight aria-hidden className="size-4 shrink-0 text-fg-subtle" />
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        </details>
      )}
    </>
  );
}

