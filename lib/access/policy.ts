import "server-only";
import { AppError } from "@/lib/errors";
import type { Actor, Role } from "./actor";

/*
 * Who may do what: the one place that compares a role. Tiers are ordered — every signed-in
 * (active) user reaches "agent", administrators also reach "administrator".
 *
 * Where it is checked:
 * - Lib functions that take an Actor and change agents, teams or inboxes check their own tier with
 *   requireTier (defence in depth): REST routes, server actions, pages and tests all reach them,
 *   so the rule holds whichever door is used, and no caller can forget it.
 * - The doors check too, before any input is read: `apiRoute.admin(…)` (lib/http/api.ts) for an
 *   endpoint whose lib function takes no actor (plain reads such as a team's members),
 *   `action(…, { admin: true })` (lib/http/action.ts) for settings actions, and
 *   `requireAdminPage()` (lib/auth/session.ts) for settings pages. All of them go through hasTier.
 * Nothing else compares `role` to decide access; seeing conversations is lib/access/visibility.ts.
 */

export type Tier = Role;

const RANK: Record<Role, number> = { agent: 0, administrator: 1 };
const WHO: Record<Tier, string> = { agent: "signed-in users", administrator: "administrators" };

/** Whether a user of this role reaches the tier. */
export function hasTier(who: Pick<Actor, "role">, tier: Tier): boolean {
  return RANK[who.role] >= RANK[tier];
}

export const isAdmin = (who: Pick<Actor, "role">) => hasTier(who, "administrator");

/**
 * The refusal (403) for an actor below the tier, else null. `doing` ends the sentence
 * "Only administrators can …", so each area keeps its own wording.
 */
export function tierDenial(actor: Actor, tier: Tier, doing = "do this"): AppError | null {
  return hasTier(actor, tier) ? null : new AppError("forbidden", `Only ${WHO[tier]} can ${doing}`);
}

/** Throws the 403 of tierDenial. */
export function requireTier(actor: Actor, tier: Tier, doing?: string): void {
  const denied = tierDenial(actor, tier, doing);
  if (denied) throw denied;
}

/** requireTier for the administrator tier, the one most doors need. */
export const requireAdmin = (actor: Actor, doing?: string) => requireTier(actor, "administrator", doing);
