import type { Metadata } from "next";
import Link from "next/link";
import { Plus, Workflow } from "lucide-react";
import { RuleList } from "@/components/automation/rule-list";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listRules, listedRule } from "@/lib/automation/rules";
import { requireAdminPage } from "@/lib/auth/session";
import { loadInboxNames } from "./load-options";

export const metadata: Metadata = { title: "Automation" };

const newRule = (
  <Link href="/settings/automation/new" className={buttonVariants({ variant: "primary" })}>
    <Plus aria-hidden /> New rule
  </Link>
);

export default async function AutomationPage() {
  const actor = await requireAdminPage();
  const db = getDb();
  const [rules, inboxNames] = await Promise.all([listRules(db, actor), loadInboxNames(db, actor)]);
  return (
    <>
      <PageHeader
        title="Automation"
        description="Rules that route, label, prioritise and answer conversations the moment something happens. They run top to bottom; each sees what the rules above it did."
        actions={rules.length > 0 && newRule}
      />
      <Card className="overflow-hidden">
        {rules.length === 0 ? (
          <EmptyState
            icon={<Workflow />}
            title="No rules yet"
            description="A rule says when to act, on which conversations and what to do: for example, messages that mention “refund” go to the Billing team with the label Refund and high priority. Test it against recent conversations before you save it."
            action={newRule}
          />
        ) : (
          <RuleList rules={rules.map(listedRule)} inboxNames={inboxNames} reorderable />
        )}
      </Card>
    </>
  );
}
