import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getTeam, getTeamMembers } from "@/lib/teams/teams";
import { listAgents } from "@/lib/users/agents";
import { DeleteTeamButton } from "./delete-team-button";
import { TeamDetailsForm } from "./team-details-form";
import { TeamMembersForm } from "./team-members-form";

async function load(id: string) {
  try {
    return await getTeam(getDb(), id);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  await requireAdminPage();
  return { title: (await load((await params).id)).name };
}

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireAdminPage();
  const { id } = await params;
  const team = await load(id);
  const db = getDb();
  const [agents, members] = await Promise.all([listAgents(db, actor), getTeamMembers(db, id)]);
  const memberIds = members.map((m) => m.id);
  const options = agents
    .filter((a) => a.active || memberIds.includes(a.id))
    .map((a) => ({ id: a.id, label: a.name, sublabel: a.active ? a.email : `${a.email} · deactivated` }));

  return (
    <>
      <PageHeader back={{ href: "/settings/teams", label: "Teams" }} title={team.name} description={team.description || undefined} />
      <div className="flex flex-col gap-6">
        <TeamDetailsForm team={team} />
        <TeamMembersForm teamId={team.id} options={options} memberIds={memberIds} />
        <section aria-labelledby="danger-zone" className="flex flex-col gap-3 pt-2">
          <h2 id="danger-zone" className="text-base font-semibold text-danger-text">
            Danger zone
          </h2>
          <Card className="border-danger/30">
            <CardBody className="flex flex-wrap items-center gap-4 py-4">
              <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                <p className="font-medium text-fg">Delete this team</p>
                <p className="text-sm text-fg-muted">
                  Removes it from every inbox. Members keep the access they have directly; conversations routed to this team
                  lose their team.
                </p>
              </div>
              <DeleteTeamButton id={team.id} name={team.name} />
            </CardBody>
          </Card>
        </section>
      </div>
    </>
  );
}
