import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RuleEditor } from "@/components/automation/rule-editor";
import { RunLog } from "@/components/automation/run-log";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { getRule } from "@/lib/automation/rules";
import { listRuns } from "@/lib/automation/runs";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { loadRuleOptions } from "../load-options";

export const metadata: Metadata = { title: "Edit rule" };

async function load(id: string) {
  const actor = await requireAdminPage();
  const db = getDb();
  try {
    const [rule, runs, options] = await Promise.all([getRule(db, actor, id), listRuns(db, actor, id), loadRuleOptions(db, actor)]);
    return { rule, runs, options };
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { rule, runs, options } = await load((await params).id);
  return (
    <>
      <PageHeader back={{ href: "/settings/automation", label: "Automation" }} title={rule.name} description={rule.description || undefined} />
      <div className="flex flex-col gap-8">
        <RuleEditor
          // A save re-renders with the stored rule: start the form from it again.
          key={`${rule.id}:${JSON.stringify([rule.name, rule.conditions, rule.actions, rule.inboxIds, rule.event, rule.active])}`}
          rule={{
            id: rule.id,
            name: rule.name,
            description: rule.description,
            active: rule.active,
            event: rule.event,
            inboxIds: rule.inboxIds,
            match: rule.match,
            conditions: rule.conditions,
            actions: rule.actions,
            stopProcessing: rule.stopProcessing,
            oncePerConversation: rule.oncePerConversation,
            webhookSecret: rule.webhookSecret,
          }}
          options={options}
          returnTo="/settings/automation"
        />
        <RunLog runs={runs} />
      </div>
    </>
  );
}
