import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DangerZone } from "../../_components/danger-zone";
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
        <DangerZone
          className="pt-2"
          title="Delete this team"
          description="Removes it from every inbox. Members keep the access they have directly; conversations routed to this team lose their team."
          action={<DeleteTeamButton id={team.id} name={team.name} />}
        />
      </div>
    </>
  );
}
