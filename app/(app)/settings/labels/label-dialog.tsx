"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { useGuardedDialog } from "@/components/ui/use-guarded-dialog";
import { LabelChip } from "@/components/labels/label-chip";
import { LABEL_DESCRIPTION_MAX, LABEL_NAME_MAX } from "@/lib/labels/label.schema";
import { DEFAULT_LABEL_COLOR } from "@/lib/labels/palette";
import { formToNested, useAction } from "../_components/use-action";
import { createLabelAction, updateLabelAction } from "./actions";
import { ColorField } from "./color-field";

export type EditableLabel = { id: string; name: string; color: string; description: string };

/** Create (no `label`) or edit a label; field errors from the server show under their field. */
export function LabelDialog({ label, trigger }: { label?: EditableLabel; trigger: ReactNode }) {
  const router = useRouter();
  const { toast } = useToast();
  const create = useAction(createLabelAction);
  const update = useAction(updateLabelAction);
  const { pending, error, fieldErrors, fieldError, reset } = label ? update : create;
  const [name, setName] = useState(label?.name ?? "");
  const [color, setColor] = useState(label?.color ?? DEFAULT_LABEL_COLOR);
  const guarded = useGuardedDialog(pending, reset);
  const { open } = guarded;
  // Start from the label as it is now (it may have been renamed since this row rendered first).
  const onOpenChange = (o: boolean) => {
    if (o) {
      setName(label?.name ?? "");
      setColor(label?.color ?? DEFAULT_LABEL_COLOR);
    }
    guarded.onOpenChange(o);
  };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = formToNested(new FormData(e.currentTarget));
    const done = (title: string) => {
      toast({ variant: "success", title });
      onOpenChange(false);
      router.refresh();
    };
    if (label) update.submit({ ...data, id: label.id }, () => done("Label saved"));
    else create.submit(data, () => done(`Label “${String(data.name).trim()}” created`));
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent title={label ? "Edit label" : "New label"} description={label ? "Changes show on every conversation at once." : undefined}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field label="Name" required error={fieldError("name")} help="Case is kept; no commas.">
            <Input
              name="name"
              autoComplete="off"
              maxLength={LABEL_NAME_MAX}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
              placeholder="e.g. Refund"
            />
          </Field>
          <ColorField value={color} onChange={setColor} error={fieldError("color")} />
          <Field label="Description" hint="Optional" error={fieldError("description")}>
            <Textarea name="description" rows={2} maxLength={LABEL_DESCRIPTION_MAX} defaultValue={label?.description} placeholder="When to use this label" />
          </Field>
          <div className="flex items-center gap-2 text-sm text-fg-subtle">
            Preview
            <LabelChip label={{ id: "preview", name: name.trim() || "Label", color: /^#[0-9a-f]{6}$/i.test(color) ? color : "transparent" }} />
          </div>
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending}>{label ? "Save" : "Create label"}</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
