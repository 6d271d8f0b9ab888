"use client";

import { useState } from "react";
import { KeyRound, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "../settings/_components/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { LocalTime } from "../settings/_components/local-time";
import { useAction } from "../settings/_components/use-action";
import { regenerateTokenAction } from "./actions";

type TokenInfo = { hint: string; createdAt: string; lastUsedAt: string | null } | null;

export function TokenSection({ token }: { token: TokenInfo }) {
  const { toast } = useToast();
  const [confirming, setConfirming] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const { pending, error, submit, reset } = useAction(regenerateTokenAction);

  function generate() {
    submit({}, ({ token: plain }) => {
      setConfirming(false);
      setFresh(plain);
      toast({ variant: "success", title: token ? "Token regenerated" : "Token generated", description: "Copy it now: it won't be shown again." });
    });
  }

  return (
    <Card>
      <CardHeader
        title="Personal access token"
        description={
          <>
            For scripts and integrations calling the REST API as you: send it as <code className="font-mono text-fg">Authorization: Bearer &lt;token&gt;</code>.
            It can do everything you can.
          </>
        }
        actions={
          <Button
            variant={token ? "secondary" : "primary"}
            loading={pending && !confirming}
            onClick={() => {
              reset();
              if (token) setConfirming(true);
              else generate();
            }}
          >
            {token ? "Regenerate" : "Generate token"}
          </Button>
        }
      />
      <CardBody className="flex flex-col gap-4 pb-4">
        {fresh && (
          <div className="flex flex-col gap-2 rounded-md border border-warning-border bg-warning-soft p-3">
            <p className="flex items-center gap-1.5 text-sm font-medium text-warning-text">
              <TriangleAlert aria-hidden className="size-4 shrink-0" />
              Copy your new token now — it won&apos;t be shown again.
            </p>
            <CopyField value={fresh} label="New personal access token" />
          </div>
        )}
        {token ? (
          <div className="flex items-center gap-3 text-base">
            <span aria-hidden className="grid size-8 shrink-0 place-items-center rounded-md bg-hover text-fg-muted">
              <KeyRound className="size-4" />
            </span>
            <div className="flex min-w-0 flex-col">
              <span className="font-mono text-sm text-fg">kv_…{token.hint}</span>
              <span className="text-sm text-fg-muted">
                Created <LocalTime value={token.createdAt} />
                {" · "}
                {token.lastUsedAt ? (
                  <>
                    last used <LocalTime value={token.lastUsedAt} mode="relative" />
                  </>
                ) : (
                  "never used"
                )}
              </span>
            </div>
          </div>
        ) : (
          !fresh && <p className="text-base text-fg-muted">No token yet.</p>
        )}
        {error && !confirming && <FormAlert>{error}</FormAlert>}
      </CardBody>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Regenerate your token?"
        description="The current token stops working at once. Scripts and integrations using it will get 401 until you give them the new one."
        confirmLabel="Regenerate"
        destructive
        pending={pending}
        error={error}
        onConfirm={generate}
      />
    </Card>
  );
}
