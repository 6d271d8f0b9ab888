import "server-only";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { contacts, conversationLabels, conversationReads, conversations, inboxes, messages, teams, users } from "@/db/schema";
import { loadActor, type Actor } from "@/lib/access/actor";
import { isAdmin } from "@/lib/access/policy";
import { ingestMessage } from "@/lib/conversations/ingest";
import { preview } from "@/lib/conversations/preview";
import { updateConversation } from "@/lib/conversations/update";
import { createRule } from "@/lib/automation/rules";
import { AppError } from "@/lib/errors";
import { createInbox } from "@/lib/inboxes/create";
import { updateInbox } from "@/lib/inboxes/update";
import { createLabel } from "@/lib/labels/labels";
import { setConversationLabels } from "@/lib/labels/conversation-labels";
import { createTeam, setTeamMembers } from "@/lib/teams/teams";
import { createAgent } from "@/lib/users/agents";
import {
  DEMO_AGENTS,
  DEMO_BUSINESS_HOURS,
  DEMO_CONTACTS,
  DEMO_CONVERSATIONS,
  DEMO_INBOXES,
  DEMO_LABELS,
  DEMO_PASSWORD,
  DEMO_RULES,
  DEMO_TEAMS,
  type AgentKey,
  type DemoConversation,
  type DemoRule,
  type InboxKey,
  type LabelKey,
  type TeamKey,
} from "./data";

export type DemoSummary = {
  agents: { name: string; email: string; created: boolean }[];
  password: string;
  teams: string[];
  inboxes: string[];
  labels: string[];
  rules: string[];
  contacts: number;
  conversations: Record<DemoConversation["status"], number>;
};

const MINUTE = 60_000;
const GAPS = [4, 11, 7, 15, 6, 9];

/** Reuses a user with the demo email (a previous partial run) instead of failing. */
async function ensureAgent(db: Db, actor: Actor, spec: { name: string; email: string }) {
  try {
    const u = await createAgent(db, actor, { ...spec, role: "agent", password: DEMO_PASSWORD });
    return { id: u.id, created: true };
  } catch (e) {
    if (!(e instanceof AppError && e.code === "conflict")) throw e;
    const [u] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, spec.email));
    if (!u) throw e;
    return { id: u.id, created: false };
  }
}

async function ensureTeam(db: Db, actor: Actor, spec: { name: string; description: string }) {
  try {
    return (await createTeam(db, actor, spec)).id;
  } catch (e) {
    if (!(e instanceof AppError && e.code === "conflict")) throw e;
    const [t] = await db.select({ id: teams.id }).from(teams).where(eq(sql`lower(${teams.name})`, spec.name.toLowerCase()));
    if (!t) throw e;
    return t.id;
  }
}

/** A demo rule as the API's rule body, its keys turned into ids. */
function ruleInputOf(rule: DemoRule, ctx: { teams: Record<TeamKey, string>; inboxes: Record<InboxKey, string>; labels: Record<LabelKey, string> }) {
  return {
    name: rule.name,
    description: rule.description,
    event: rule.event,
    inboxIds: rule.inboxes.map((i) => ctx.inboxes[i]),
    conditions: rule.conditions,
    actions: rule.actions.map((a) =>
      a.type === "assign_team" ? { type: a.type, teamId: ctx.teams[a.team] } : a.type === "add_labels" ? { type: a.type, labelIds: a.labels.map((l) => ctx.labels[l]) } : a,
    ),
    oncePerConversation: rule.oncePerConversation ?? false,
  };
}

/** Plays one scripted conversation through the real ingestion and update paths, then dates it. */
async function playConversation(
  db: Db,
  ctx: { admin: Actor; agents: Record<AgentKey, Actor>; teams: Record<TeamKey, string>; inboxes: Record<InboxKey, string>; labels: Record<LabelKey, string> },
  script: DemoConversation,
  n: number,
) {
  const now = Date.now();
  const start = now - script.hoursAgo * 3_600_000;
  const budget = (script.hoursAgo * 60 * 0.8) / Math.max(1, script.lines.length);
  const inboxId = ctx.inboxes[script.inbox];
  let at = start;
  let conversationId: string | undefined;

  for (const [i, line] of script.lines.entries()) {
    if (i > 0) at += Math.min(GAPS[(n + i) % GAPS.length]!, budget) * MINUTE;
    const when = new Date(at);
    if (line[0] === "in") {
      const r = await ingestMessage(db, { id: inboxId }, {
        type: "message",
        contact: DEMO_CONTACTS[script.contact],
        message: { sourceId: `demo-${n}-${i}`, content: line[1], createdAt: when },
      });
      conversationId = r.conversationId;
      // What the rules did on arrival was written "now"; it belongs right after the message that triggered it.
      const ruleLines = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.kind, "activity"), gt(messages.createdAt, when)))
        .orderBy(messages.createdAt, messages.id);
      for (const [k, a] of ruleLines.entries()) {
        await db.update(messages).set({ createdAt: new Date(at + (k + 1) * 1000) }).where(eq(messages.id, a.id));
      }
      if (ruleLines.length) at += ruleLines.length * 1000;
      continue;
    }
    if (!conversationId) throw new Error(`Demo conversation ${n} must start with the contact's message`);
    const [kind, agent, content] = line;
    // Demo replies are stored as already sent: there is no integrator behind these inboxes to deliver to.
    await db.insert(messages).values({
      conversationId,
      inboxId,
      kind: "outgoing",
      private: kind === "note",
      senderUserId: ctx.agents[agent].id,
      content,
      status: kind === "note" ? null : "sent",
      createdAt: when,
    });
    await db
      .update(conversations)
      .set({
        lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${when})`,
        // The same bookkeeping as a reply (lib/conversations/reply.ts), so time rules read the story's times.
        lastPersonMessageAt: when,
        ...(kind === "out" ? { lastMessagePreview: preview(content), lastOutgoingAt: when, waitingSince: null } : {}),
      })
      .where(eq(conversations.id, conversationId));
  }
  const id = conversationId!;

  // Routing and status go through the product's own rules (assignee must see the inbox, team must be assigned to it).
  const routing = {
    ...(script.assignee ? { assigneeId: ctx.agents[script.assignee].id } : {}),
    ...(script.team ? { teamId: ctx.teams[script.team] } : {}),
    ...(script.priority ? { priority: script.priority } : {}),
  };
  if (Object.keys(routing).length) await updateConversation(db, ctx.admin, id, routing);
  if (script.labels?.length) {
    // Added to what the rules put on it on arrival, not instead of it.
    const onIt = await db.select({ id: conversationLabels.labelId }).from(conversationLabels).where(eq(conversationLabels.conversationId, id));
    const labelIds = [...new Set([...onIt.map((l) => l.id), ...script.labels.map((l) => ctx.labels[l])])];
    await setConversationLabels(db, ctx.admin, id, { labelIds });
  }
  if (script.status !== "open") {
    const by = script.assignee ? ctx.agents[script.assignee] : ctx.admin;
    await updateConversation(db, by, id, {
      status: script.status,
      ...(script.status === "snoozed" ? { snoozedUntil: new Date(now + (script.snoozeHours ?? 24) * 3_600_000) } : {}),
    });
  }

  // Activity lines were written "now"; place them just after the last message of the story.
  const activity = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, id), eq(messages.kind, "activity"), gt(messages.createdAt, new Date(at))))
    .orderBy(messages.createdAt, messages.id);
  for (const [i, a] of activity.entries()) {
    await db.update(messages).set({ createdAt: new Date(at + MINUTE + i * 1000) }).where(eq(messages.id, a.id));
  }
  const last = new Date(activity.length ? at + MINUTE + (activity.length - 1) * 1000 : at);
  await db.update(conversations).set({ createdAt: new Date(start), lastActivityAt: last }).where(eq(conversations.id, id));

  // Whoever handled a finished conversation has read it; new ones stay unread.
  if (script.assignee && script.status !== "open") {
    await db
      .insert(conversationReads)
      .values({ conversationId: id, userId: ctx.agents[script.assignee].id, lastReadAt: new Date(Math.max(last.getTime(), now - MINUTE)) })
      .onConflictDoNothing();
  }
  return id;
}

/**
 * Fills an empty workspace with believable demo data: api-channel inboxes (the web chat with
 * business hours), agents (password "demo-password"), teams, labels, three automation rules,
 * contacts and conversations in every status. Refuses to run when
 * the workspace already has inboxes, so it never mixes with real data.
 */
export async function seedDemo(db: Db, opts: { adminId: string }): Promise<DemoSummary> {
  const admin = await loadActor(db, opts.adminId);
  if (!admin || !isAdmin(admin)) throw new AppError("forbidden", "Demo data can only be added by an active administrator");
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(inboxes);
  if (existing!.n > 0) {
    throw new AppError("conflict", "This workspace already has inboxes. Demo data is only added to an empty workspace, so nothing was changed.");
  }

  const agentRows = {} as Record<AgentKey, Actor>;
  const summaryAgents: DemoSummary["agents"] = [];
  for (const [key, spec] of Object.entries(DEMO_AGENTS) as [AgentKey, (typeof DEMO_AGENTS)[AgentKey]][]) {
    const { id, created } = await ensureAgent(db, admin, spec);
    agentRows[key] = { id, name: spec.name, email: spec.email, role: "agent" };
    summaryAgents.push({ ...spec, created });
  }

  const teamIds = {} as Record<TeamKey, string>;
  for (const [key, spec] of Object.entries(DEMO_TEAMS) as [TeamKey, (typeof DEMO_TEAMS)[TeamKey]][]) {
    teamIds[key] = await ensureTeam(db, admin, { name: spec.name, description: spec.description });
    await setTeamMembers(db, admin, teamIds[key], { agentIds: spec.members.map((m) => agentRows[m].id) });
  }

  const inboxIds = {} as Record<InboxKey, string>;
  for (const [key, spec] of Object.entries(DEMO_INBOXES) as [InboxKey, (typeof DEMO_INBOXES)[InboxKey]][]) {
    const inbox = await createInbox(db, admin, {
      name: spec.name,
      channel: { type: "api" },
      agentIds: spec.agents.map((a) => agentRows[a].id),
      teamIds: spec.teams.map((t) => teamIds[t]),
    });
    inboxIds[key] = inbox.id;
  }

  const labelIds = {} as Record<LabelKey, string>;
  for (const [key, spec] of Object.entries(DEMO_LABELS) as [LabelKey, (typeof DEMO_LABELS)[LabelKey]][]) {
    labelIds[key] = (await createLabel(db, admin, spec)).id;
  }

  const year = new Date().getFullYear();
  await updateInbox(db, admin, inboxIds[DEMO_BUSINESS_HOURS.inbox], {
    businessHours: { timezone: DEMO_BUSINESS_HOURS.timezone, schedule: DEMO_BUSINESS_HOURS.schedule, holidays: DEMO_BUSINESS_HOURS.holidays(year) },
  });

  const ctx = { admin, agents: agentRows, teams: teamIds, inboxes: inboxIds, labels: labelIds };
  // Before the conversations, so the demo's own arrivals run through them.
  for (const rule of DEMO_RULES) await createRule(db, admin, ruleInputOf(rule, ctx));

  const scripts = DEMO_CONVERSATIONS.map((s, n) => ({ s, n })).sort((a, b) => b.s.hoursAgo - a.s.hoursAgo);
  const conversationIds: string[] = [];
  const counts: DemoSummary["conversations"] = { open: 0, pending: 0, snoozed: 0, resolved: 0 };
  for (const { s, n } of scripts) {
    conversationIds.push(await playConversation(db, ctx, s, n));
    counts[s.status]++;
  }

  // Customers have existed since they first wrote, not since the seed ran.
  await db.execute(sql`
    update ${contacts} set created_at = first.at
    from (select ${conversations.contactId} as id, min(${conversations.createdAt}) as at from ${conversations}
          where ${inArray(conversations.id, conversationIds)} group by ${conversations.contactId}) first
    where ${contacts.id} = first.id`);

  return {
    agents: summaryAgents,
    password: DEMO_PASSWORD,
    teams: Object.values(DEMO_TEAMS).map((t) => t.name),
    inboxes: Object.values(DEMO_INBOXES).map((i) => i.name),
    labels: Object.values(DEMO_LABELS).map((l) => l.name),
    rules: DEMO_RULES.map((r) => r.name),
    contacts: new Set(DEMO_CONVERSATIONS.map((s) => s.contact)).size,
    conversations: counts,
  };
}
