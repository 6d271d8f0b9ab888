import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { channelLabel } from "@/components/channels/look";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/lib/auth/session";
import { builtChannelTypes } from "@/lib/channels/registry";
import { channelUi } from "../../_components/channel-ui";
import { CreateSteps } from "../../_components/create-steps";
import { CreateInboxForm } from "./create-inbox-form";

export async function generateMetadata({ params }: { params: Promise<{ type: string }> }): Promise<Metadata> {
  const { type } = await params;
  return { title: `Add ${channelLabel(type)} inbox` };
}

export default async function NewChannelInboxPage({ params }: { params: Promise<{ type: string }> }) {
  await requireAdminPage();
  const { type } = await params;
  if (!builtChannelTypes().includes(type as never)) notFound();
  return (
    <div className="max-w-160">
      <PageHeader
        back={{ href: "/settings/inboxes/new", label: "All channels" }}
        title={
          <span className="flex items-center gap-2.5">
            <ChannelIcon type={type} size="md" decorative />
            Add {channelLabel(type)} inbox
          </span>
        }
        description={channelUi(type).description}
      />
      <CreateSteps current={0} />
      <CreateInboxForm type={type} />
    </div>
  );
}
