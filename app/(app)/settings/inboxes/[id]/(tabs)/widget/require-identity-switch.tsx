"use client";

import { useId, useState } from "react";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../../../../_components/use-action";
import { updateInboxAction } from "../../../actions";

/** Saves on toggle: "require verified identity" is a single yes/no, not worth a form. */
export function RequireIdentitySwitch({ id, initial }: { id: string; initial: boolean }) {
  const [on, setOn] = useState(initial);
  const { toast } = useToast();
  const { pending, error, submit } = useAction(updateInboxAction);
  const labelId = useId();

  function change(next: boolean) {
    setOn(next);
    submit(
      { id, channel: { requireIdentity: next } },
      () =>
        toast({
          variant: "success",
          title: next ? "Verified identity required" : "Guests can chat again",
          description: next ? "Visitors without a valid identifierHash can no longer send messages." : undefined,
        }),
      () => setOn(!next),
    );
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-start gap-3">
        <Switch id={labelId} checked={on} disabled={pending} onCheckedChange={change} aria-describedby={`${labelId}-help`} className="mt-0.5" />
        <div className="flex min-w-0 flex-col gap-0.5">
          <label htmlFor={labelId} className="cursor-pointer text-base font-medium text-fg">
            Require verified identity
          </label>
          <p id={`${labelId}-help`} className="text-sm text-fg-muted">
            Only visitors your site identified with a valid hash can send messages. Turn this on once your site calls{" "}
            <code className="font-mono text-xs">Konversio.setUser</code> on every page.
          </p>
        </div>
      </div>
      {error && <FormAlert>{error}</FormAlert>}
    </div>
  );
}
