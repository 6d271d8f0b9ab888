"use client";

import { useState } from "react";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { useAction } from "../../_components/use-action";
import { regenerateInboxValueAction } from "../actions";
import type { GeneratedValueMeta } from "./channels/define-channel-ui";
import { inSentence } from "./in-sentence";

export type GeneratedValue = GeneratedValueMeta & { value: string; regenerable?: boolean };

/** Values Konversio generated for the integrator, each with copy and (where allowed) regenerate. */
export function GeneratedValues({ inboxId, values }: { inboxId: string; values: GeneratedValue[] }) {
  const [confirming, setConfirming] = useState<GeneratedValue | null>(null);
  const { toast } = useToast();
  const { pending, error, submit, reset } = useAction(regenerateInboxValueAction);

  function regenerate() {
    if (!confirming) return;
    const { label, key } = confirming;
    submit({ id: inboxId, name: key }, () => {
      setConfirming(null);
      toast({ variant: "success", title: `New ${inSentence(label)} generated`, description: "The old one no longer works." });
    });
  }

  return (
    <div className="flex flex-col gap-5">
      {values.map((v) => (
        <div key={v.key} className="flex flex-col gap-1.5">
          <div className="flex items-center justify-between gap-2">
            <span id={`gen-${v.key}`} className="text-sm font-medium text-fg">
              {v.label}
            </span>
            {v.regenerable && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  reset();
                  setConfirming(v);
                }}
              >
                <RefreshCw aria-hidden /> Regenerate
              </Button>
            )}
          </div>
          <CopyField value={v.value} secret={v.secret} label={v.label} />
          <p className="text-sm text-fg-muted">{v.help}</p>
        </div>
      ))}
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(o) => !o && setConfirming(null)}
        title={`Regenerate the ${confirming ? inSentence(confirming.label) : "value"}?`}
        description={
          confirming?.regenerateWarning ?? "The current value stops working at once. Requests signed with it are rejected until your app uses the new one."
        }
        confirmLabel="Regenerate"
        destructive
        pending={pending}
        error={error}
        onConfirm={regenerate}
      />
    </div>
  );
}
