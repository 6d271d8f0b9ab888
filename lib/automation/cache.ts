import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { automationRules } from "@/db/schema";
import { log } from "@/lib/log";
import { subscribe } from "@/lib/realtime/bus";
import type { Action, Condition, RuleEvent } from "./rule.schema";

/** A rule as the engine runs it: validated when saved, so read back as-is. */
export type ActiveRule = {
  id: string;
  name: string;
  event: RuleEvent;
  inboxIds: string[];
  match: "all" | "any";
  conditions: Condition[];
  actions: Action[];
  stopProcessing: boolean;
  oncePerConversation: boolean;
  position: number;
  createdAt: Date;
};

/*
 * Every active rule, loaded once per process and kept until a rule changes: ingestion evaluates
 * rules without a query per rule or per message. Saves publish `automation.changed` on the
 * realtime bus, which every instance hears; a lost LISTEN connection (the bus's "reset") drops the
 * cache too, and a short lifetime bounds how stale it can be if a notification is lost anyway.
 */
const MAX_AGE_MS = 30_000;
type State = { rules?: ActiveRule[]; loadedAt: number; generation: number; subscribed?: Promise<unknown> };
const g = globalThis as unknown as { __konversioRules?: State };
const state = (g.__konversioRules ??= { loadedAt: 0, generation: 0 });

export function invalidateRules() {
  state.rules = undefined;
  state.generation++;
}

function listen() {
  state.subscribed ??= subscribe(
    (e) => {
      if (e.type === "automation.changed") invalidateRules();
    },
    invalidateRules,
  ).catch((e) => {
    state.subscribed = undefined;
    log.warn("automation", "cannot listen for rule changes; rules are re-read every 30 s", e);
  });
}

/**
 * The active rules in run order (position, then oldest first). Reads through the caller's
 * handle, which may be a transaction (the embedded database has a single connection).
 */
export async function activeRules(db: DbOrTx): Promise<ActiveRule[]> {
  listen();
  if (state.rules && Date.now() - state.loadedAt < MAX_AGE_MS) return state.rules;
  const generation = state.generation;
  const rows = await db
    .select({
      id: automationRules.id,
      name: automationRules.name,
      event: automationRules.event,
      inboxIds: automationRules.inboxIds,
      match: automationRules.match,
      conditions: automationRules.conditions,
      actions: automationRules.actions,
      stopProcessing: automationRules.stopProcessing,
      oncePerConversation: automationRules.oncePerConversation,
      position: automationRules.position,
      createdAt: automationRules.createdAt,
    })
    .from(automationRules)
    .where(eq(automationRules.active, true))
    .orderBy(asc(automationRules.position), asc(automationRules.createdAt), asc(automationRules.id));
  const rules = rows as ActiveRule[];
  // A change announced while this read ran may not be in it: keep it for this caller only.
  if (generation === state.generation) {
    state.rules = rules;
    state.loadedAt = Date.now();
  }
  return rules;
}

/** The rules for one event in one inbox, in run order. */
export async function rulesFor(db: DbOrTx, event: RuleEvent, inboxId: string): Promise<ActiveRule[]> {
  const all = await activeRules(db);
  return all.filter((r) => r.event === event && (r.inboxIds.length === 0 || r.inboxIds.includes(inboxId)));
}
