"use client";

import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../../../_components/use-action";
import { updateInboxAction } from "../../actions";
import { channelUi } from "../../_components/channel-ui";

type Props = { inbox: { id: string; name: string; channelType: string; config: Record<string, unknown> } };

export function GeneralForm({ inbox }: Props) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const { Settings } = channelUi(inbox.channelType);
  const providerError = fieldError("channel");

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = formToNested(new FormData(e.currentTarget));
    submit({ id: inbox.id, ...input }, () => toast({ variant: "success", title: "Inbox saved" }));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Card>
        <CardHeader title="General" description="How the inbox is called and how it behaves." />
        <CardBody className="flex flex-col gap-5 pb-5">
          <Field label="Inbox name" required error={fieldError("name")} help="Agents see this name in their inbox list and on every conversation.">
            <Input name="name" autoComplete="off" maxLength={100} defaultValue={inbox.name} />
          </Field>
          {Settings && <Settings mode="edit" config={inbox.config} error={fieldError} />}
          {providerError && <FormAlert title="The check failed — nothing was saved">{providerError}</FormAlert>}
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFormFooter pending={pending}>Save changes</CardFormFooter>
      </Card>
    </form>
  );
}
