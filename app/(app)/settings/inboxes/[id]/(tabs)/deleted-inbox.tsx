import Link from "next/link";
import { Archive, MessagesSquare } from "lucide-react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { channelLabel } from "@/components/channels/look";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/access/actor";
import type { ApiInbox } from "@/lib/inboxes/serialize";
import { LocalTime } from "../../../_components/local-time";
import { HistoryList } from "../../_components/history-list";

/** What administrators see for a deleted inbox: read-only, with the way to its kept conversations. */
export function DeletedInbox({ inbox, actor }: { inbox: ApiInbox; actor: Actor }) {
  return (
    <>
      <PageHeader
        back={{ href: "/settings/inboxes", label: "Inboxes" }}
        title={
          <span className="flex items-center gap-2.5">
            <ChannelIcon type={inbox.channelType} size="md" className="opacity-60" />
            <span className="truncate">{inbox.name}</span>
            <Badge>Deleted</Badge>
          </span>
        }
        description={`${channelLabel(inbox.channelType)} inbox`}
      />
      <Card>
        <CardBody className="flex items-start gap-3 py-4">
          <div aria-hidden className="grid size-9 shrink-0 place-items-center rounded-lg bg-hover text-fg-muted">
            <Archive className="size-4.5" />
          </div>
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <p className="font-semibold text-fg">
              This inbox was deleted{inbox.deletedAt ? " on " : ""}
              {inbox.deletedAt && <LocalTime value={inbox.deletedAt} mode="datetime" />}
            </p>
            <p className="text-fg-muted">
              Its credentials were wiped and nothing new arrives through it. Its conversations, messages and contacts are
              kept: administrators can still read them under “Deleted inboxes”; agents no longer see them. Its settings
              can&apos;t be changed.
            </p>
            <div className="mt-2">
              <Link
                href={`/conversations?inboxStatus=deleted&inbox=${inbox.id}`}
                className={buttonVariants({ variant: "secondary" })}
              >
                <MessagesSquare aria-hidden /> View its conversations
              </Link>
            </div>
          </div>
        </CardBody>
      </Card>
      <h2 className="mt-8 mb-3 text-base font-semibold text-fg">History</h2>
      <HistoryList inboxId={inbox.id} channelType={inbox.channelType} actor={actor} />
    </>
  );
}
