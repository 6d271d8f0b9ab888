"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { useAction } from "../_components/use-action";
import { deleteLabelAction } from "./actions";

const conversationsWord = (n: number) => `${n} ${n === 1 ? "conversation" : "conversations"}`;

export function DeleteLabelButton({ id, name, conversationCount }: { id: string; name: string; conversationCount: number }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const { pending, error, submit, reset } = useAction(deleteLabelAction);

  return (
    <>
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label={`Delete ${name}`}
        title="Delete"
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        <Trash2 aria-hidden />
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete “${name}”?`}
        description={
          conversationCount === 0
            ? "No conversation carries this label. This cannot be undone."
            : `${conversationsWord(conversationCount)} ${conversationCount === 1 ? "carries" : "carry"} this label; it disappears from all of them. The conversations themselves are kept. This cannot be undone.`
        }
        confirmLabel="Delete label"
        destructive
        pending={pending}
        error={error}
        onConfirm={() =>
          submit({ id }, () => {
            setOpen(false);
            toast({ variant: "success", title: `“${name}” deleted` });
            router.refresh();
          })
        }
      />
    </>
  );
}
