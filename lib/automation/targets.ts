import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inboxes, inboxTeams, labels, teams, users } from "@/db/schema";
import { userCanSeeInbox } from "@/lib/access/visibility";
import { assertPublicUrl } from "@/lib/http/safe-fetch";
import { unprocessable, type FieldErrors } from "@/lib/errors";
import type { Action, Condition } from "./rule.schema";

type Shape = { inboxIds: string[]; conditions: Condition[]; actions: Action[] };

const idsOf = (value: unknown) => (Array.isArray(value) ? (value as string[]) : []);

/**
 * What a rule names must exist when it is saved (422 naming the field), and for a rule scoped to
 * inboxes, its team and agent actions must fit each of them (422 naming the inbox). Workspace
 * rules meet the same mismatch at run time instead (lib/automation/actions.ts).
 */
export async function checkRuleTargets(db: DbOrTx, rule: Shape): Promise<void> {
  const errors: FieldErrors = {};
  const problem = (path: string, message: string) => ((errors[path] ??= []).push(message), message);

  type Ref = { path: string; id: string; condition?: true };
  const teamRefs: Ref[] = [];
  const agentRefs: Ref[] = [];
  const labelRefs: Ref[] = [];
  const inboxRefs: Ref[] = rule.inboxIds.map((id, i) => ({ path: `inboxIds.${i}`, id }));
  rule.actions.forEach((a, i) => {
    if (a.type === "assign_team" || a.type === "remove_team") teamRefs.push({ path: `actions.${i}.teamId`, id: a.teamId });
    if (a.type === "assign_agent") agentRefs.push({ path: `actions.${i}.agentId`, id: a.agentId });
    if (a.type === "add_labels" || a.type === "remove_labels") a.labelIds.forEach((id, j) => labelRefs.push({ path: `actions.${i}.labelIds.${j}`, id }));
  });
  rule.conditions.forEach((c, i) => {
    const refs = { teamId: teamRefs, assigneeId: agentRefs, labelIds: labelRefs, inboxId: inboxRefs } as Record<string, typeof teamRefs>;
    idsOf(c.value).forEach((id, j) => refs[c.field]?.push({ path: `conditions.${i}.value.${j}`, id, condition: true }));
  });

  const unique = (refs: { id: string }[]) => [...new Set(refs.map((r) => r.id))];
  const [foundTeams, foundAgents, foundLabels, foundInboxes] = await Promise.all([
    teamRefs.length ? db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, unique(teamRefs))) : [],
    agentRefs.length
      ? db.select({ id: users.id, name: users.name }).from(users).where(and(inArray(users.id, unique(agentRefs)), eq(users.active, true)))
      : [],
    labelRefs.length ? db.select({ id: labels.id }).from(labels).where(inArray(labels.id, unique(labelRefs))) : [],
    inboxRefs.length
      ? db.select({ id: inboxes.id, name: inboxes.name }).from(inboxes).where(and(inArray(inboxes.id, unique(inboxRefs)), isNull(inboxes.deletedAt)))
      : [],
  ]);
  const missing = (refs: Ref[], found: { id: string }[], message: string) => {
    const known = new Set(found.map((f) => f.id));
    for (const r of refs) if (!known.has(r.id)) problem(r.path, message);
  };
  missing(teamRefs, foundTeams, "No such team");
  missing(agentRefs, foundAgents, "No such active agent");
  missing(labelRefs, foundLabels, "No such label");
  missing(inboxRefs, foundInboxes, "No such inbox");
  for (const [i, a] of rule.actions.entries()) {
    if (a.type !== "send_webhook") continue;
    try {
      await assertPublicUrl(a.url);
    } catch (e) {
      problem(`actions.${i}.url`, e instanceof Error ? e.message : "This URL cannot be called");
    }
  }
  if (Object.keys(errors).length) throw unprocessable("This rule names something that does not exist or cannot be reached", errors);

  // Scoped rules: each team must be assigned to each inbox, each agent must see each inbox.
  const scope = rule.inboxIds.map((id) => foundInboxes.find((i) => i.id === id)!);
  const messages: string[] = [];
  if (scope.length && teamRefs.length) {
    const pairs = await db
      .select({ inboxId: inboxTeams.inboxId, teamId: inboxTeams.teamId })
      .from(inboxTeams)
      .where(and(inArray(inboxTeams.inboxId, rule.inboxIds), inArray(inboxTeams.teamId, unique(teamRefs))));
    for (const r of teamRefs.filter((t) => !t.condition)) {
      for (const inbox of scope) {
        if (!pairs.some((p) => p.inboxId === inbox.id && p.teamId === r.id)) {
          const team = foundTeams.find((t) => t.id === r.id)!.name;
          messages.push(problem(r.path, `Team ${team} is not assigned to inbox ${inbox.name}`));
        }
      }
    }
  }
  if (scope.length) {
    for (const r of agentRefs.filter((a) => !a.condition)) {
      for (const inbox of scope) {
        if (!(await userCanSeeInbox(db, r.id, inbox.id))) {
          const agent = foundAgents.find((a) => a.id === r.id)!.name;
          messages.push(problem(r.path, `${agent} cannot see inbox ${inbox.name}`));
        }
      }
    }
  }
  if (messages.length) throw unprocessable([...new Set(messages)].join("; "), errors);
}
