"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { useAction } from "../../_components/use-action";
import { deleteTeamAction } from "../actions";

export function DeleteTeamButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const { pending, error, submit, reset } = useAction(deleteTeamAction);

  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        <Trash2 aria-hidden /> Delete team
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete “${name}”?`}
        description="The team is removed from every inbox it is assigned to, and its members lose the access they had only through it. Conversations keep their messages but lose this team. This cannot be undone."
        confirmLabel="Delete team"
        destructive
        pending={pending}
        error={error}
        onConfirm={() =>
          submit({ id }, () => {
            toast({ variant: "success", title: `“${name}” deleted` });
            router.push("/settings/teams");
          })
        }
      />
    </>
  );
}
