"use client";

import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../../../../_components/use-action";
import { updateInboxAction } from "../../../actions";
import { channelUi } from "../../../_components/channel-ui";

type Props = { inbox: { id: string; channelType: string; config: Record<string, unknown>; credentials: Record<string, string | null> } };

/** Replaces stored secrets; the provider re-checks them before anything is saved. */
export function CredentialsForm({ inbox }: Props) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const { Credentials } = channelUi(inbox.channelType);
  const providerError = fieldError("channel");
  if (!Credentials) return null;

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const input = formToNested(new FormData(form)) as { channel?: Record<string, unknown> };
    submit({ id: inbox.id, channel: input.channel ?? {} }, () => {
      form.reset();
      toast({ variant: "success", title: "Credentials replaced", description: "The provider accepted them." });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="flex flex-col gap-5">
      <Credentials mode="edit" config={inbox.config} masked={inbox.credentials} error={fieldError} />
      {providerError && <FormAlert title="The provider refused these credentials — nothing was saved">{providerError}</FormAlert>}
      {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" loading={pending}>
          Check and save
        </Button>
      </div>
    </form>
  );
}
