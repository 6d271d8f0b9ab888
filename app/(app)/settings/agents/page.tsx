import type { Metadata } from "next";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { listAgents } from "@/lib/users/agents";
import { AddAgentDialog } from "./add-agent-dialog";
import { AgentActions } from "./agent-actions";

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
      <Card className="overflow-hidden">
        <ul className="divide-y divide-border">
          {agents.map((a) => {
            const self = a.id === actor.id;
            return (
              <li key={a.id} className="flex items-center gap-3 px-4 py-2.5">
                <Avatar name={a.name} size="md" decorative className={cn(!a.active && "opacity-50")} />
                <div className={cn("flex min-w-0 flex-1 flex-col", !a.active && "opacity-60")}>
                  <span className="flex items-center gap-1.5 truncate font-medium text-fg">
                    {a.name}
                    {self && <span className="text-sm font-normal text-fg-subtle">(you)</span>}
                  </span>
                  <span className="truncate text-sm text-fg-muted">{a.email}</span>
                </div>
                <div className="hidden w-28 shrink-0 sm:block">
                  <Badge variant={a.role === "administrator" ? "accent" : "neutral"}>{a.role === "administrator" ? "Administrator" : "Agent"}</Badge>
                </div>
                <div className="w-28 shrink-0">
                  {a.active ? (
                    <Badge variant="success" dot>
                      Active
                    </Badge>
                  ) : (
                    <Badge dot>Deactivated</Badge>
                  )}
                </div>
                <AgentActions agent={{ id: a.id, name: a.name, role: a.role, active: a.active }} self={self} />
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
