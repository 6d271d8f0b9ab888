"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { channelLabel } from "@/components/channels/look";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardBody, CardFooter } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../../../_components/use-action";
import { channelUi } from "../../_components/channel-ui";
import { createInboxAction } from "../../actions";

export function CreateInboxForm({ type }: { type: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(createInboxAction);
  const { Settings, Credentials } = channelUi(type);
  const providerError = fieldError("channel");

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = formToNested(new FormData(e.currentTarget)) as { name?: string; channel?: Record<string, unknown> };
    submit({ name: input.name ?? "", channel: { ...input.channel, type } }, ({ id }) => {
      toast({ variant: "success", title: "Inbox created", description: "Now choose who answers it." });
      router.push(`/settings/inboxes/${id}/setup`);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Card>
        <CardBody className="flex flex-col gap-5 py-5">
          <Field
            label="Inbox name"
            required
            error={fieldError("name")}
            help="Agents see this name in their inbox list, e.g. “Mobile app” or “Partner portal”."
          >
            <Input name="name" autoComplete="off" maxLength={100} autoFocus placeholder={`My ${channelLabel(type)} inbox`} />
          </Field>
          {Settings && <Settings mode="create" error={fieldError} />}
          {Credentials && <Credentials mode="create" error={fieldError} />}
          {providerError && <FormAlert title="The check failed">{providerError}</FormAlert>}
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFooter className="justify-between">
          <p className="text-sm text-fg-muted">Nothing is saved until the check passes.</p>
          <div className="flex items-center gap-2">
            <Link href="/settings/inboxes/new" className={buttonVariants({ variant: "ghost" })}>
              Cancel
            </Link>
            <Button type="submit" variant="primary" loading={pending}>
              Check and create
            </Button>
          </div>
        </CardFooter>
      </Card>
    </form>
  );
}
