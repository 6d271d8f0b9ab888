"use client";

import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../../_components/use-action";
import { updateTeamAction } from "../actions";
import { TeamFields } from "../team-fields";

export function TeamDetailsForm({ team }: { team: { id: string; name: string; description: string } }) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateTeamAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submit({ id: team.id, ...formToNested(new FormData(e.currentTarget)) }, () => toast({ variant: "success", title: "Team saved" }));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Card>
        <CardHeader title="Details" />
        <CardBody className="flex flex-col gap-4 pb-5">
          <TeamFields error={fieldError} defaults={team} />
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFormFooter pending={pending}>Save changes</CardFormFooter>
      </Card>
    </form>
  );
}
