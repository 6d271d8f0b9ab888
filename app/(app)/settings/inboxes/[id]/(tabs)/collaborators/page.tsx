import { CollaboratorsForm } from "../../../_components/collaborators-form";
import { loadAssignmentPool, loadCollaborators, loadInbox } from "../../../_components/load-inbox";
import { AssignmentCard } from "./assignment-card";

export default async function InboxCollaboratorsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { inbox } = await loadInbox(id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  const [data, pool] = await Promise.all([loadCollaborators(id), loadAssignmentPool(id)]);
  return (
    <div className="flex flex-col gap-8">
      <CollaboratorsForm inboxId={id} mode="settings" {...data} />
      <AssignmentCard inboxId={id} settings={inbox.autoAssignment} pool={pool} />
    </div>
  );
}
