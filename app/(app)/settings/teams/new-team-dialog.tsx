"use client";

import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../_components/use-action";
import { createTeamAction } from "./actions";
import { TeamFields } from "./team-fields";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useGuardedDialog } from "@/components/ui/use-guarded-dialog";

export function NewTeamDialog() {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit, reset } = useAction(createTeamAction);
  const { open, onOpenChange } = useGuardedDialog(pending, reset);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submit(formToNested(new FormData(e.currentTarget)), ({ id }) => {
      toast({ variant: "success", title: "Team created", description: "Now add its members." });
      router.push(`/settings/teams/${id}`);
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary">
          <Plus aria-hidden /> New team
        </Button>
      </DialogTrigger>
      <DialogContent title="New team">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <TeamFields error={fieldError} autoFocus />
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending}>
            Create team
          </DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
