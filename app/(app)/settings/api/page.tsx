import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyField } from "@/components/ui/copy-field";
import { PageHeader } from "@/components/ui/page-header";
import { operations } from "@/lib/api-docs/openapi";
import { requireActor } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";

export const metadata: Metadata = { title: "REST API" };

const METHOD_TONE: Record<string, string> = {
  GET: "bg-accent-soft text-accent-text",
  POST: "bg-success-soft text-success-text",
  PATCH: "bg-warning-soft text-warning-text",
  PUT: "bg-warning-soft text-warning-text",
  DELETE: "bg-danger-soft text-danger-text",
};

export default async function ApiDocsPage() {
  await requireActor();
  const ops = operations();
  return (
    <>
      <PageHeader
        title="REST API"
        description="Everything the app does is available to your integrations. Authenticate with a personal access token from your profile."
      />
      <div className="mb-6 grid gap-3 sm:grid-cols-2">
        <div>
          <p className="mb-1 text-sm font-medium text-fg">Base URL</p>
          <CopyField value={appUrl("/api/v1")} label="Base URL" />
        </div>
        <div>
          <p className="mb-1 text-sm font-medium text-fg">OpenAPI document</p>
          <CopyField value={appUrl("/api/v1/openapi.json")} label="OpenAPI URL" />
        </div>
      </div>
      <p className="mb-4 text-sm text-fg-muted">
        Send <code className="rounded-sm bg-hover px-1 font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. Create or regenerate
        your token on your <Link className="text-accent-text underline underline-offset-2 hover:decoration-2" href="/profile">profile</Link>. Errors always
        look like <code className="rounded-sm bg-hover px-1 font-mono text-xs">{`{"error":{"code","message","fields"?}}`}</code>; conversations you
        cannot see answer 404.
      </p>
      <Card className="overflow-hidden">
        <ul className="divide-y divide-border">
          {ops.map((op) => (
            <li key={op.method + op.path} className="flex items-baseline gap-3 px-4 py-2">
              <span className={cn("w-14 shrink-0 rounded-sm px-1.5 py-0.5 text-center font-mono text-2xs font-semibold", METHOD_TONE[op.method])}>
                {op.method}
              </span>
              <code className="w-80 shrink-0 truncate font-mono text-sm text-fg">{op.path}</code>
              <span className="min-w-0 flex-1 text-sm text-fg-muted">
                {op.summary} <span className="text-fg-subtle">· {op.who}</span>
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
