import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { CollaboratorsForm } from "../../_components/collaborators-form";
import { CreateSteps } from "../../_components/create-steps";
import { loadCollaborators, loadInbox } from "../../_components/load-inbox";

export const metadata: Metadata = { title: "Choose collaborators" };

/** Step 2 of "Add inbox": who answers the new inbox. */
export default async function InboxSetupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { inbox } = await loadInbox(id);
  if (inbox.status === "deleted") redirect(`/settings/inboxes/${id}`);
  const data = await loadCollaborators(id);
  return (
    <div className="max-w-160">
      <PageHeader
        title={`Who answers “${inbox.name}”?`}
        description="Pick agents directly, or whole teams. You can change this any time on the inbox's Collaborators tab."
      />
      <CreateSteps current={1} />
      <CollaboratorsForm inboxId={id} mode="setup" {...data} />
    </div>
  );
}
