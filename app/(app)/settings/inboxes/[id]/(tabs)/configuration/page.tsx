import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { getAdapter } from "@/lib/channels/registry";
import { GeneratedValues } from "../../../_components/generated-values";
import { channelUi } from "../../../_components/channel-ui";
import { generatedFor, loadInbox } from "../../../_components/load-inbox";
import { CredentialsForm } from "./credentials-form";
import { EmailSyncStatus } from "../../../_components/channels/email-sync-status";
import { IntegrationGuideCard } from "../../../_components/integration-guide-card";

export default async function InboxConfigurationPage({ params }: { params: Promise<{ id: string }> }) {
  const { inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  const secretFields = getAdapter(inbox.channelType)?.secretFields ?? [];
  const generated = generatedFor(inbox);
  const { Help } = channelUi(inbox.channelType);

  return (
    <div className="flex flex-col gap-6">
      {inbox.channelType === "email" && <EmailSyncStatus inboxId={inbox.id} config={inbox.config} />}
      {inbox.webhookUrl && (
        <Card>
          <CardHeader title="Webhook URL" description="The address on this workspace that receives this inbox's messages." />
          <CardBody className="pb-4">
            <CopyField value={inbox.webhookUrl} label="Webhook URL" />
          </CardBody>
        </Card>
      )}

      <Card>
        <CardHeader
          title="Credentials"
          description={
            secretFields.length
              ? "Stored encrypted and never shown again in full. Type a new value to replace one; empty fields keep what is stored."
              : undefined
          }
        />
        <CardBody className="pb-4">
          {secretFields.length ? (
            <CredentialsForm inbox={{ id: inbox.id, channelType: inbox.channelType, config: inbox.config, credentials: inbox.credentials ?? {} }} />
          ) : (
            <p className="text-base text-fg-muted">
              This channel has no credentials for you to enter: requests are signed with the values Konversio generated below.
            </p>
          )}
        </CardBody>
      </Card>

      {generated.length > 0 && (
        <Card>
          <CardHeader title="Generated values" description="Copy these into your integration. Regenerate one if it may have leaked." />
          <CardBody className="pb-5">
            <GeneratedValues inboxId={inbox.id} values={generated} />
          </CardBody>
        </Card>
      )}

      {Help && (
        <IntegrationGuideCard Help={Help} inbox={inbox} description="What your code needs to do to talk to this inbox." />
      )}
    </div>
  );
}
