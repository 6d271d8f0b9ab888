import { DangerZone } from "../../../_components/danger-zone";
import { loadInbox } from "../../_components/load-inbox";
import { DeleteInboxDialog } from "./delete-inbox-dialog";
import { GeneralForm } from "./general-form";
import { AutoRepliesCard } from "./auto-replies-card";
import { BusinessHoursCard } from "./business-hours-card";

export default async function InboxGeneralPage({ params }: { params: Promise<{ id: string }> }) {
  const { inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  return (
    <div className="flex flex-col gap-8">
      <GeneralForm inbox={{ id: inbox.id, name: inbox.name, channelType: inbox.channelType, config: inbox.config }} />
      <BusinessHoursCard inboxId={inbox.id} hours={inbox.businessHours} />
      <AutoRepliesCard inboxId={inbox.id} inboxName={inbox.name} replies={inbox.autoReplies} hasBusinessHours={inbox.businessHours !== null} />
      <DangerZone
        title="Delete this inbox"
        description="Stops the channel at once. Conversations are kept and stay readable by administrators under “Deleted inboxes”."
        action={<DeleteInboxDialog id={inbox.id} name={inbox.name} />}
      />
    </div>
  );
}
