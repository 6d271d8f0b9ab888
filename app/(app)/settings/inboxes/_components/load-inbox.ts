import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getInboxAgents, getInboxTeams } from "@/lib/inboxes/members";
import { getInbox } from "@/lib/inboxes/queries";
import type { ApiInbox } from "@/lib/inboxes/serialize";
import { getAdapter } from "@/lib/channels/registry";
import { getTeamMembers, listTeams } from "@/lib/teams/teams";
import { listAgents, type PublicUser } from "@/lib/users/agents";
import { channelUi } from "./channel-ui";
import type { GeneratedValue } from "./generated-values";

/** The inbox behind an admin settings page (deleted ones included); cached per request so layout and page share it. */
export const loadInbox = cache(async (id: string) => {
  const actor = await requireAdminPage();
  try {
    return { actor, inbox: await getInbox(getDb(), actor, id) };
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
});

export type CollaboratorOption = { id: string; label: string; sublabel?: string };

/** Everything the collaborator pickers need: options plus the current selection. */
export async function loadCollaborators(id: string) {
  const { actor } = await loadInbox(id);
  const db = getDb();
  const [agents, teams, current, currentTeams] = await Promise.all([
    listAgents(db, actor),
    listTeams(db),
    getInboxAgents(db, actor, id),
    getInboxTeams(db, actor, id),
  ]);
  const selected = new Set(current.map((a) => a.id));
  // Deactivated people stay listed only while still selected, so they can be removed.
  const agentOptions: CollaboratorOption[] = agents
    .filter((a) => a.active || selected.has(a.id))
    .map((a) => ({
      id: a.id,
      label: a.name,
      sublabel: !a.active ? `${a.email} · deactivated` : a.role === "administrator" ? `${a.email} · administrator` : a.email,
    }));
  const teamOptions: CollaboratorOption[] = teams.map((t) => ({
    id: t.id,
    label: t.name,
    sublabel: `${t.memberCount} ${t.memberCount === 1 ? "member" : "members"}`,
  }));
  const presence = Object.fromEntries(agents.filter((a) => a.active).map((a) => [a.id, a.presence]));
  return { agentOptions, teamOptions, agentIds: current.map((a) => a.id), teamIds: currentTeams.map((t) => t.id), presence };
}

/** Someone auto-assignment may pick in this inbox, and how they got here (directly, or through which teams). */
export type PoolMember = Pick<PublicUser, "id" | "name" | "role" | "capacity" | "presence"> & { direct: boolean; teams: string[] };

/**
 * The inbox's agents as auto-assignment sees them (docs/architecture.md §5.8): active direct members
 * and members of its teams, by name, each with presence and capacity.
 */
export async function loadAssignmentPool(id: string): Promise<PoolMember[]> {
  const { actor } = await loadInbox(id);
  const db = getDb();
  const [agents, direct, teams] = await Promise.all([listAgents(db, actor), getInboxAgents(db, actor, id), getInboxTeams(db, actor, id)]);
  const members = await Promise.all(teams.map(async (t) => ({ team: t.name, ids: (await getTeamMembers(db, t.id)).map((m) => m.id) })));
  const directIds = new Set(direct.map((a) => a.id));
  return agents
    .filter((a) => a.active)
    .map((a) => ({ a, teams: members.filter((m) => m.ids.includes(a.id)).map((m) => m.team) }))
    .filter(({ a, teams }) => directIds.has(a.id) || teams.length > 0)
    .map(({ a, teams }) => ({ id: a.id, name: a.name, role: a.role, capacity: a.capacity, presence: a.presence, direct: directIds.has(a.id), teams }));
}

/** The generated values to show for an inbox, labelled, with whether each may be regenerated. */
export function generatedFor(inbox: ApiInbox): GeneratedValue[] {
  const regenerable: readonly string[] = getAdapter(inbox.channelType)?.regenerable ?? [];
  return channelUi(inbox.channelType).generated
    .filter((m) => typeof inbox[m.key] === "string")
    .map((m) => ({ ...m, value: inbox[m.key] as string, regenerable: regenerable.includes(m.key) }));
}
