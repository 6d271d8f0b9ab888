import type { Metadata } from "next";
import { RuleEditor } from "@/components/automation/rule-editor";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { loadRuleOptions } from "../load-options";

export const metadata: Metadata = { title: "New rule" };

/** `?inbox=<id>` (from an inbox's Automation tab) starts the rule scoped to that inbox and returns there. */
export default async function NewRulePage({ searchParams }: { searchParams: Promise<{ inbox?: string | string[] }> }) {
  const actor = await requireAdminPage();
  const options = await loadRuleOptions(getDb(), actor);
  const { inbox: raw } = await searchParams;
  const inbox = options.inboxes.find((i) => i.id === (Array.isArray(raw) ? raw[0] : raw));
  const back = inbox ? { href: `/settings/inboxes/${inbox.id}/automation`, label: inbox.label } : { href: "/settings/automation", label: "Automation" };
  return (
    <>
      <PageHeader
        back={back}
        title={inbox ? `New rule for ${inbox.label}` : "New rule"}
        description="When something happens, if the conversation fits, then act. Test it against recent conversations before you save it."
      />
      <RuleEditor options={options} inboxId={inbox?.id} returnTo={back.href} />
    </>
  );
}
