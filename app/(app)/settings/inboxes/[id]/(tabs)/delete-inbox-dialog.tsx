"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../../../_components/use-action";
import { deleteInboxAction } from "../../actions";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";

export function DeleteInboxDialog({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { pending, error, fieldError, submit, reset } = useAction(deleteInboxAction);
  const matches = typed === name;

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) {
      setTyped("");
      reset();
    }
  }

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!matches) return;
    submit({ id, confirmName: typed }, () => {
      toast({ variant: "success", title: `“${name}” deleted`, description: "Its conversations are kept under Deleted inboxes." });
      router.push("/settings/inboxes");
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="danger">
          <Trash2 aria-hidden /> Delete inbox
        </Button>
      </DialogTrigger>
      <DialogContent title={`Delete “${name}”?`} size="md">
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <div className="flex flex-col gap-2 text-base text-fg-muted">
            <p>
              The inbox stops at once: its credentials are wiped, its webhook answers <span className="font-medium text-fg">410 Gone</span> and
              no new messages arrive. Agents lose access to it.
            </p>
            <p>
              <span className="font-medium text-fg">Conversations are kept.</span> Every conversation, message and contact
              stays, readable by administrators under “Deleted inboxes”. This cannot be undone.
            </p>
          </div>
          <Field label={<>Type <span className="font-mono font-semibold">{name}</span> to confirm</>} error={fieldError("confirmName")}>
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} autoFocus />
          </Field>
          {error && !fieldError("confirmName") && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending} variant="danger" disabled={!matches} className="mt-0">
            Delete inbox
          </DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
