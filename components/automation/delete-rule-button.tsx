"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "@/app/(app)/settings/_components/confirm-dialog";
import { useAction } from "@/app/(app)/settings/_components/use-action";
import { deleteRuleAction } from "@/app/(app)/settings/automation/actions";

export function DeleteRuleButton({ id, name, returnTo }: { id: string; name: string; returnTo: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const { pending, error, submit, reset } = useAction(deleteRuleAction);
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        className="text-danger-text hover:bg-danger-soft hover:text-danger-text"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        <Trash2 aria-hidden /> Delete rule
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete “${name}”?`}
        description="The rule stops at once and its run log is deleted with it. What it already changed on conversations stays. This cannot be undone."
        confirmLabel="Delete rule"
        destructive
        pending={pending}
        error={error}
        onConfirm={() =>
          submit({ id }, () => {
            setOpen(false);
            toast({ variant: "success", title: `“${name}” deleted` });
            router.push(returnTo);
            router.refresh();
          })
        }
      />
    </>
  );
}
