import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { listInboxes } from "@/lib/inboxes/queries";
import { listLabels } from "@/lib/labels/labels";
import { listTeams } from "@/lib/teams/teams";
import { listAgents } from "@/lib/users/agents";
import { channelLabel } from "@/components/channels/look";
import type { RuleOptions } from "@/components/automation/choices";

/** What the rule editor's pickers offer: active agents, every team, label and live inbox. */
export async function loadRuleOptions(db: DbOrTx, actor: Actor): Promise<RuleOptions> {
  const [agents, teams, labels, inboxes] = await Promise.all([listAgents(db, actor), listTeams(db), listLabels(db, actor), listInboxes(db, actor)]);
  return {
    agents: agents.filter((a) => a.active).map((a) => ({ id: a.id, label: a.name, sublabel: a.email })),
    teams: teams.map((t) => ({ id: t.id, label: t.name, sublabel: `${t.memberCount} ${t.memberCount === 1 ? "member" : "members"}` })),
    labels: labels.map((l) => ({ id: l.id, label: l.name, color: l.color })),
    inboxes: inboxes.map((i) => ({ id: i.id, label: i.name, sublabel: channelLabel(i.channelType) })),
  };
}

/** Inbox id → name, for showing a rule's scope. */
export async function loadInboxNames(db: DbOrTx, actor: Actor): Promise<Record<string, string>> {
  return Object.fromEntries((await listInboxes(db, actor)).map((i) => [i.id, i.name]));
}
