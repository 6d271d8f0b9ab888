import Link from "next/link";
import { Plus, Workflow } from "lucide-react";
import { RuleList } from "@/components/automation/rule-list";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { listInboxRules, listedRule } from "@/lib/automation/rules";
import { loadInboxNames } from "../../../../automation/load-options";
import { loadInbox } from "../../../_components/load-inbox";

export const metadata = { title: "Automation" };

/** The rules that run in this inbox (its own and the workspace's), in run order. Admins only: loadInbox requires it. */
export default async function InboxAutomationPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  const db = getDb();
  const [rules, inboxNames] = await Promise.all([listInboxRules(db, actor, inbox.id), loadInboxNames(db, actor)]);
  const newRule = (
    <Link href={`/settings/automation/new?inbox=${inbox.id}`} className={buttonVariants({ variant: rules.length ? "secondary" : "primary" })}>
      <Plus aria-hidden /> New rule for this inbox
    </Link>
  );
  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Rules in this inbox"
        description={
          <>
            The rules that run on this inbox&apos;s conversations, top to bottom: its own and those for all inboxes. Change the order in{" "}
            <Link href="/settings/automation" className="text-accent-text underline underline-offset-2">
              Settings → Automation
            </Link>
            .
          </>
        }
        actions={rules.length > 0 && newRule}
        className="pb-3"
      />
      {rules.length === 0 ? (
        <EmptyState
          className="border-t border-border"
          icon={<Workflow />}
          title="No rules run here yet"
          description={`Route, label or answer ${inbox.name}'s conversations automatically: for example, send messages that mention “refund” to the Billing team with high priority.`}
          action={newRule}
        />
      ) : (
        <div className="border-t border-border">
          <RuleList rules={rules.map(listedRule)} inboxNames={inboxNames} reorderable={false} />
        </div>
      )}
    </Card>
  );
}
