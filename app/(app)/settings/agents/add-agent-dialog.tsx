"use client";

import { UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../_components/use-action";
import { createAgentAction } from "./actions";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { useGuardedDialog } from "@/components/ui/use-guarded-dialog";

export function AddAgentDialog() {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit, reset } = useAction(createAgentAction);
  const { open, setOpen, onOpenChange } = useGuardedDialog(pending, reset);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submit(formToNested(new FormData(e.currentTarget)), ({ name }) => {
      setOpen(false);
      toast({ variant: "success", title: `${name} added`, description: "Share the initial password with them privately." });
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary">
          <UserPlus aria-hidden /> Add agent
        </Button>
      </DialogTrigger>
      <DialogContent title="Add agent" description="They can sign in right away with the email and password you set here.">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field label="Name" required error={fieldError("name")}>
            <Input name="name" autoComplete="off" autoFocus maxLength={100} />
          </Field>
          <Field label="Email" required error={fieldError("email")}>
            <Input name="email" type="email" autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Role" error={fieldError("role")} help="Administrators manage inboxes, agents and teams and see every conversation.">
            <Select name="role" defaultValue="agent">
              <option value="agent">Agent</option>
              <option value="administrator">Administrator</option>
            </Select>
          </Field>
          <Field label="Initial password" required error={fieldError("password")} help="At least 8 characters. They can change it on their profile.">
            <Input name="password" type="password" autoComplete="new-password" />
          </Field>
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending}>
            Add agent
          </DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
