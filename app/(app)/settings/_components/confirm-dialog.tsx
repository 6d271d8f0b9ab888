"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";

export type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  pending?: boolean;
  error?: string;
  onConfirm: () => void;
  children?: ReactNode;
};

/** A yes/no question about something that cannot be undone; the caller runs the action. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, destructive, pending, error, onConfirm, children }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog open={open} onOpenChange={(o) => !pending && onOpenChange(o)}>
      <DialogContent
        title={title}
        description={description}
        // Start on Cancel: an accidental Enter must not confirm something irreversible.
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          cancelRef.current?.focus();
        }}
      >
        {children}
        {error && <FormAlert className="mt-2">{error}</FormAlert>}
        <DialogFooter>
          <DialogClose asChild>
            <Button ref={cancelRef} variant="secondary" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button variant={destructive ? "danger" : "primary"} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
