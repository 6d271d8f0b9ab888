"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createRule, deleteRule, reorderRules, updateRule } from "@/lib/automation/rules";
import { testRule } from "@/lib/automation/test-rule";
import { action } from "@/lib/http/action";

/*
 * The rule body itself is validated by lib/automation (the same zod schema as REST), so the
 * editor shows exactly the field errors the API returns ("conditions.0.value", "actions.1.teamId").
 * Here only the envelope is checked.
 */
const ruleId = z.uuid("Unknown rule");
const body = z.record(z.string(), z.unknown(), "A rule");

// Both lists show the rules' run figures; open editors re-read on router.refresh().
function revalidateRules() {
  revalidatePath("/settings/automation", "layout");
  revalidatePath("/settings/inboxes", "layout");
}

export const createRuleAction = action(
  z.object({ rule: body }),
  async ({ rule }, { actor, db }) => {
    const created = await createRule(db, actor, rule);
    revalidateRules();
    return { id: created.id };
  },
  { admin: true },
);

export const updateRuleAction = action(
  z.object({ id: ruleId, rule: body }),
  async ({ id, rule }, { actor, db }) => {
    await updateRule(db, actor, id, rule);
    revalidateRules();
  },
  { admin: true },
);

export const deleteRuleAction = action(
  z.object({ id: ruleId }),
  async ({ id }, { actor, db }) => {
    await deleteRule(db, actor, id);
    revalidateRules();
  },
  { admin: true },
);

export const reorderRulesAction = action(
  z.object({ ruleIds: z.array(ruleId) }),
  async (input, { actor, db }) => {
    await reorderRules(db, actor, input);
    revalidateRules();
  },
  { admin: true },
);

/** Test before saving: testRule changes nothing, so nothing to revalidate. */
export const testRuleAction = action(
  z.object({ rule: body }),
  async ({ rule }, { actor, db }) => testRule(db, actor, { rule }),
  { admin: true },
);
