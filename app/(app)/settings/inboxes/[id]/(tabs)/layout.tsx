import type { ReactNode } from "react";
import Link from "next/link";
import { MessagesSquare, TriangleAlert } from "lucide-react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { channelLabel } from "@/components/channels/look";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { channelUi } from "../../_components/channel-ui";
import { loadInbox } from "../../_components/load-inbox";
import { DeletedInbox } from "./deleted-inbox";
import { InboxTabs } from "./inbox-tabs";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { inbox } = await loadInbox((await params).id);
  return { title: inbox.name };
}

export default async function InboxSettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, inbox } = await loadInbox(id);
  if (inbox.status === "deleted") return <DeletedInbox inbox={inbox} actor={actor} />;

  const detail = channelUi(inbox.channelType).detail(inbox.config);
  return (
    <>
      <PageHeader
        back={{ href: "/settings/inboxes", label: "Inboxes" }}
        title={
          <span className="flex items-center gap-2.5">
            <ChannelIcon type={inbox.channelType} size="md" />
            <span className="truncate">{inbox.name}</span>
            {inbox.status === "error" ? (
              <Badge variant="warning" dot>
                Needs attention
              </Badge>
            ) : (
              <Badge variant="success" dot>
                Active
              </Badge>
            )}
          </span>
        }
        description={`${channelLabel(inbox.channelType)} inbox${detail ? ` · ${detail}` : ""}`}
        actions={
          <Link href={`/conversations?inbox=${inbox.id}`} className={buttonVariants({ variant: "secondary" })}>
            <MessagesSquare aria-hidden /> Conversations
          </Link>
        }
        className="pb-4"
      />
      {inbox.status === "error" && (
        <div role="status" className="mb-4 flex items-start gap-2.5 rounded-lg border border-warning-border bg-warning-soft px-3.5 py-2.5 text-sm text-warning-text">
          <TriangleAlert aria-hidden className="mt-px size-4 shrink-0" />
          <div className="min-w-0">
            <p className="font-medium">This inbox needs attention</p>
            <p className="break-words">{inbox.lastError ?? "The provider stopped accepting this inbox's connection."}</p>
            <p>Fix the cause, then save the inbox&apos;s settings or credentials: Konversio checks the connection again on every save.</p>
          </div>
        </div>
      )}
      <InboxTabs id={inbox.id} />
      <div className="pt-6">{children}</div>
    </>
  );
}
