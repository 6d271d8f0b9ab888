import { Card, CardBody } from "@/components/ui/card";
import { loadInbox } from "../../_components/load-inbox";
import { DeleteInboxDialog } from "./delete-inbox-dialog";
import { GeneralForm } from "./general-form";

export default async function InboxGeneralPage({ params }: { params: Promise<{ id: string }> }) {
  const { inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  return (
    <div className="flex flex-col gap-8">
      <GeneralForm inbox={{ id: inbox.id, name: inbox.name, channelType: inbox.channelType, config: inbox.config }} />
      <section aria-labelledby="danger-zone" className="flex flex-col gap-3">
        <h2 id="danger-zone" className="text-base font-semibold text-danger-text">
          Danger zone
        </h2>
        <Card className="border-danger/30">
          <CardBody className="flex flex-wrap items-center gap-4 py-4">
            <div className="flex min-w-0 flex-1 flex-col gap-0.5">
              <p className="font-medium text-fg">Delete this inbox</p>
              <p className="text-sm text-fg-muted">
                Stops the channel at once. Conversations are kept and stay readable by administrators under “Deleted inboxes”.
              </p>
            </div>
            <DeleteInboxDialog id={inbox.id} name={inbox.name} />
          </CardBody>
        </Card>
      </section>
    </div>
  );
}
