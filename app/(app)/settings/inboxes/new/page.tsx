import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { channelLabel } from "@/components/channels/look";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/lib/auth/session";
import { builtChannelTypes } from "@/lib/channels/registry";
import { channelUi } from "../_components/channel-ui";

export const metadata: Metadata = { title: "Add inbox" };

export default async function NewInboxPage() {
  await requireAdminPage();
  const types = builtChannelTypes();
  return (
    <>
      <PageHeader
        back={{ href: "/settings/inboxes", label: "Inboxes" }}
        title="Add inbox"
        description="Choose the channel customers will write to you through. You can add as many inboxes of one channel as you need."
      />
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {types.map((type) => (
          <li key={type}>
            <Link
              href={`/settings/inboxes/new/${type}`}
              className="group flex h-full flex-col gap-3 rounded-lg border border-border bg-surface p-4 transition-colors hover:border-border-strong hover:bg-hover"
            >
              <div className="flex items-center justify-between">
                <ChannelIcon type={type} size="lg" decorative />
                <ChevronRight aria-hidden className="size-4 text-fg-subtle transition-transform group-hover:translate-x-0.5" />
              </div>
              <div className="flex flex-col gap-1">
                <span className="font-semibold text-fg">{channelLabel(type)}</span>
                <span className="text-sm text-fg-muted">{channelUi(type).description}</span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
