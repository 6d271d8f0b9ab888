import type { ComponentType, ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ChannelHelpProps } from "./channels/types";

type GuideInbox = { webhookUrl: string | null; config: Record<string, unknown>; embedCode?: unknown };

/**
 * The channel's integration guide card, shared by the Configuration tab and the finish page so
 * both show the guide with the same values.
 */
export function IntegrationGuideCard({
  Help,
  inbox,
  description,
}: {
  Help: ComponentType<ChannelHelpProps>;
  inbox: GuideInbox;
  description?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title="Integration guide" description={description} />
      <CardBody className="pb-5">
        <Help
          webhookUrl={inbox.webhookUrl}
          config={inbox.config}
          embedCode={typeof inbox.embedCode === "string" ? inbox.embedCode : undefined}
        />
      </CardBody>
    </Card>
  );
}
