"use client";

import Link from "next/link";
import { FlaskConical } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export type TestResult = {
  checked: number;
  matches: { conversationId: string; number: number; contactName: string | null; subject: string | null; preview: string | null; inboxName: string }[];
};

const conversations = (n: number) => `${n} ${n === 1 ? "conversation" : "conversations"}`;

/** "Which of the last 50 conversations would this match?" — the unsaved rule, nothing changed. */
export function TestPanel({ onTest, pending, result, stale }: { onTest: () => void; pending: boolean; result: TestResult | null; stale: boolean }) {
  return (
    <Card data-testid="rule-test">
      <CardHeader
        title="Test before saving"
        description="Checks the conditions above against the most recent conversations in the rule's inboxes. Nothing is changed and no action runs."
        actions={
          <Button type="button" variant="secondary" loading={pending} onClick={onTest}>
            <FlaskConical aria-hidden /> Test against recent conversations
          </Button>
        }
      />
      {result && (
        <CardBody className="flex flex-col gap-2 pb-4">
          <p role="status" className="text-sm font-medium text-fg" data-testid="test-summary">
            {result.checked === 0
              ? "There are no conversations in these inboxes yet."
              : `Matches ${result.matches.length} of the last ${conversations(result.checked)}`}
          </p>
          {stale && <p className="text-sm text-warning-text">The rule has changed since this test: run it again to see what it matches now.</p>}
          {result.matches.length > 0 && (
            <ul aria-label="Matching conversations" className="divide-y divide-border overflow-hidden rounded-md border border-border">
              {result.matches.map((m) => (
                <li key={m.conversationId}>
                  <Link
                    href={`/conversations/${m.number}`}
                    data-testid="test-match"
                    className="flex items-baseline gap-3 px-3 py-2 text-sm hover:bg-hover focus-ring-inset"
                  >
                    <span className="w-14 shrink-0 font-medium text-fg-muted tabular-nums">#{m.number}</span>
                    <span className="w-52 shrink-0 truncate font-medium text-fg">{m.contactName ?? "Unknown contact"}</span>
                    <span className="min-w-0 flex-1 truncate text-fg-muted">{m.subject ?? m.preview ?? ""}</span>
                    <span className="max-w-44 shrink-0 truncate text-fg-subtle">{m.inboxName}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      )}
    </Card>
  );
}
