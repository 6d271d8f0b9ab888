import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CircleCheck } from "lucide-react";
import { channelLabel } from "@/components/channels/look";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { channelUi } from "../../_components/channel-ui";
import { CreateSteps } from "../../_components/create-steps";
import { GeneratedValues } from "../../_components/generated-values";
import { IntegrationGuideCard } from "../../_components/integration-guide-card";
import { generatedFor, loadInbox } from "../../_components/load-inbox";

export const metadata: Metadata = { title: "Inbox ready" };

/** Step 3 of "Add inbox": everything the integrator needs, in one place. */
export default async function InboxFinishPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { inbox } = await loadInbox(id);
  if (inbox.status === "deleted") redirect(`/settings/inboxes/${id}`);
  const generated = generatedFor(inbox).map((v) => ({ ...v, regenerable: false }));
  const label = channelLabel(inbox.channelType);
  const { setup, Help } = channelUi(inbox.channelType);
  const intro = {
    integration: `Connect your ${label} integration with the values below.`,
    "provider-console": `One step left: paste the values below into ${label}'s developer console, as the guide shows.`,
    automatic: `Konversio registered its webhook with ${label}, so customers can write now.`,
    embed: "Add the embed code below to every page of your website where the chat should appear.",
    mailbox: "Konversio now follows this mailbox: mail that arrives from now on becomes conversations, and replies go out through your SMTP server.",
  }[setup];
  const webhookHint = {
    integration: "Your integration sends customers' messages here.",
    "provider-console": `${label} sends customers' messages here: paste it into its webhook settings.`,
    automatic: `Registered with ${label} automatically: there is nothing to paste.`,
    embed: "",
    mailbox: "",
  }[setup];

  return (
    <div className="max-w-180">
      <header className="flex items-start gap-3 pb-5">
        <CircleCheck aria-hidden className="mt-0.5 size-6 shrink-0 text-success" />
        <div className="flex flex-col gap-1">
          <h1 className="text-xl font-semibold text-fg">“{inbox.name}” is ready</h1>
          <p className="text-base text-fg-muted">
            {intro} You can find everything again any time on the inbox&apos;s Configuration tab.
          </p>
        </div>
      </header>
      <CreateSteps current={2} />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Connection" />
          <CardBody className="flex flex-col gap-5 pb-5">
            {inbox.webhookUrl && (
              <div className="flex flex-col gap-1.5">
                <span className="text-sm font-medium text-fg">Webhook URL</span>
                <CopyField value={inbox.webhookUrl} label="Webhook URL" />
                <p className="text-sm text-fg-muted">{webhookHint}</p>
              </div>
            )}
            <GeneratedValues inboxId={inbox.id} values={generated} />
          </CardBody>
        </Card>
        {Help && <IntegrationGuideCard Help={Help} inbox={inbox} />}
        <div className="flex items-center justify-end gap-2">
          <Link href={`/settings/inboxes/${inbox.id}`} className={buttonVariants({ variant: "secondary" })}>
            Inbox settings
          </Link>
          <Link href="/settings/inboxes" className={buttonVariants({ variant: "primary" })}>
            Done
          </Link>
        </div>
      </div>
    </div>
  );
}
