import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight, UsersRound } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { listTeams } from "@/lib/teams/teams";
import { NewTeamDialog } from "./new-team-dialog";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  await requireAdminPage();
  const teams = await listTeams(getDb());
  return (
    <>
      <PageHeader
        title="Teams"
        description="Groups of agents such as Billing or Sales. Assign a team to an inbox and all its members work that inbox."
        actions={teams.length > 0 && <NewTeamDialog />}
      />
      {teams.length === 0 ? (
        <Card>
          <EmptyState
            icon={<UsersRound />}
            title="No teams yet"
            description="Teams save you adding agents to inboxes one by one, and let agents filter conversations by team."
            action={<NewTeamDialog />}
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-border">
            {teams.map((t) => (
              <li key={t.id}>
                <Link href={`/settings/teams/${t.id}`} className="group flex items-center gap-3 px-4 py-3 transition-colors hover:bg-hover focus-ring-inset">
                  <Avatar name={t.name} size="md" decorative className="rounded-md" />
                  <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                    <span className="truncate font-medium text-fg">{t.name}</span>
                    <span className={t.description ? "truncate text-sm text-fg-muted" : "text-sm text-fg-subtle italic"}>{t.description || "No description"}</span>
                  </div>
                  <span className="w-24 shrink-0 text-right text-sm text-fg-muted tabular-nums">
                    {t.memberCount} {t.memberCount === 1 ? "member" : "members"}
                  </span>
                  <ChevronRight aria-hidden className="size-4 shrink-0 text-fg-subtle group-hover:text-fg-muted" />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
