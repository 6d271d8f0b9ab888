import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { listAgents } from "@/lib/users/agents";
import { AddAgentDialog } from "./add-agent-dialog";
import { AgentList } from "./agent-list";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const actor = await requireAdminPage();
  const agents = await listAgents(getDb(), actor);
  const active = agents.filter((a) => a.active).length;

  return (
    <>
      <PageHeader
        title="Agents"
        description="Everyone who can sign in to this workspace. Administrators configure it; agents answer the inboxes they are added to."
        actions={<AddAgentDialog />}
      />
      <p className="mb-2 text-sm text-fg-muted tabular-nums">
        {active} active{agents.length > active ? ` · ${agents.length - active} deactivated` : ""}
      </p>
      <AgentList
        actorId={actor.id}
        agents={agents.map((a) => ({ id: a.id, name: a.name, email: a.email, role: a.role, active: a.active, capacity: a.capacity, presence: a.presence }))}
      />
    </>
  );
}
