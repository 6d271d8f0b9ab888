import type { Metadata } from "next";
import { Pencil, Plus, Tag } from "lucide-react";
import { LabelDot } from "@/components/labels/label-chip";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/session";
import { listLabels } from "@/lib/labels/labels";
import { DeleteLabelButton } from "./delete-label-button";
import { LabelDialog } from "./label-dialog";

export const metadata: Metadata = { title: "Labels" };

const numberFormat = new Intl.NumberFormat();

const newLabel = (
  <Button variant="primary">
    <Plus aria-hidden /> New label
  </Button>
);

export default async function LabelsPage() {
  const actor = await requireAdminPage();
  const labels = await listLabels(getDb(), actor);
  return (
    <>
      <PageHeader
        title="Labels"
        description="Tags such as Refund or VIP that agents put on conversations (press L in a conversation) and filter the list by. A rename or new colour shows everywhere at once."
        actions={labels.length > 0 && <LabelDialog trigger={newLabel} />}
      />
      {labels.length === 0 ? (
        <Card>
          <EmptyState
            icon={<Tag />}
            title="No labels yet"
            description="Create a few labels for what your team tracks: the reason a customer wrote (Refund, Bug), who they are (VIP) or what must happen next (Follow up). Agents then see them on every row and can filter by them."
            action={<LabelDialog trigger={newLabel} />}
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <div className="flex h-8 items-center gap-3 border-b border-border bg-canvas px-4 text-xs font-medium text-fg-subtle">
            <span className="flex-1">Label</span>
            <span className="w-28 text-right">Conversations</span>
            <span className="w-16" aria-hidden />
          </div>
          <ul className="divide-y divide-border" aria-label="Labels">
            {labels.map((l) => (
              <li key={l.id} data-testid="label-row" className="flex items-center gap-3 px-4 py-2.5">
                <LabelDot color={l.color} className="size-2.5" />
                <div className="flex min-w-0 flex-1 flex-col">
                  <span className="truncate font-medium text-fg">{l.name}</span>
                  {l.description && <span className="truncate text-sm text-fg-muted">{l.description}</span>}
                </div>
                <span data-testid="label-conversations" className="w-28 shrink-0 text-right text-sm text-fg-muted tabular-nums" title={`${l.openCount} open`}>
                  {numberFormat.format(l.conversationCount)}
                </span>
                <span className="flex w-16 shrink-0 justify-end gap-0.5">
                  <LabelDialog
                    label={l}
                    trigger={
                      <Button variant="ghost" size="icon-sm" aria-label={`Edit ${l.name}`} title="Edit">
                        <Pencil aria-hidden />
                      </Button>
                    }
                  />
                  <DeleteLabelButton id={l.id} name={l.name} conversationCount={l.conversationCount} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
