import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";

/** Cancel + submit for a form inside a dialog; Cancel is disabled while the action runs. */
export function DialogFormFooter({
  pending,
  children,
  variant = "primary",
  disabled,
  className,
}: {
  pending: boolean;
  /** The submit button's label. */
  children: ReactNode;
  variant?: ButtonVariant;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <DialogFooter className={className}>
      <DialogClose asChild>
        <Button variant="secondary" disabled={pending}>
          Cancel
        </Button>
      </DialogClose>
      <Button type="submit" variant={variant} loading={pending} disabled={disabled}>
        {children}
      </Button>
    </DialogFooter>
  );
}
