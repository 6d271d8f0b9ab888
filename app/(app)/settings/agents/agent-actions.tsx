"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Ellipsis, Gauge, KeyRound, ShieldCheck, User, UserCheck, UserX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { Tooltip } from "@/components/ui/tooltip";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../_components/use-action";
import { capacityFromText } from "@/lib/assignment/settings.schema";
import { changeRoleAction, deactivateAgentAction, reactivateAgentAction, resetPasswordAction, setCapacityAction } from "./actions";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";

type Agent = { id: string; name: string; role: "administrator" | "agent"; active: boolean; capacity: number | null };

export function AgentActions({ agent, self }: { agent: Agent; self: boolean }) {
  const router = useRouter();
  const { toast } = useToast();
  const [dialog, setDialog] = useState<"deactivate" | "password" | "capacity" | null>(null);
  const role = useAction(changeRoleAction);
  const deactivate = useAction(deactivateAgentAction);
  const reactivate = useAction(reactivateAgentAction);
  const nextRole = agent.role === "administrator" ? "agent" : "administrator";

  // Menu actions have no form to show an error in, so failures surface as toasts.
  const toastError = (description: string) => toast({ variant: "danger", title: "That didn't work", description });

  function changeRole() {
    role.submit(
      { id: agent.id, role: nextRole },
      () => toast({ variant: "success", title: `${agent.name} is now ${nextRole === "administrator" ? "an administrator" : "an agent"}` }),
      toastError,
    );
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${agent.name}`} loading={role.pending || reactivate.pending}>
            <Ellipsis aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-52">
          {self ? (
            <DisabledWithReason reason="Ask another administrator to change your role." icon={<ShieldCheck aria-hidden />}>
              Make agent
            </DisabledWithReason>
          ) : (
            <DropdownMenuItem icon={agent.role === "administrator" ? <User aria-hidden /> : <ShieldCheck aria-hidden />} onSelect={changeRole}>
              {agent.role === "administrator" ? "Make agent" : "Make administrator"}
            </DropdownMenuItem>
          )}
          <DropdownMenuItem icon={<Gauge aria-hidden />} onSelect={() => setDialog("capacity")}>
            Set capacity…
          </DropdownMenuItem>
          {self ? (
            // Not `asChild` + <Link>: DropdownMenuItem wraps its children, which Radix's Slot rejects.
            <DropdownMenuItem icon={<KeyRound aria-hidden />} onSelect={() => router.push("/profile")}>
              Change your password
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem icon={<KeyRound aria-hidden />} onSelect={() => setDialog("password")}>
              Reset password…
            </DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          {self ? (
            <DisabledWithReason reason="You can't deactivate yourself. Ask another administrator." icon={<UserX aria-hidden />}>
              Deactivate…
            </DisabledWithReason>
          ) : agent.active ? (
            <DropdownMenuItem
              destructive
              icon={<UserX aria-hidden />}
              onSelect={() => {
                deactivate.reset();
                setDialog("deactivate");
              }}
            >
              Deactivate…
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem
              icon={<UserCheck aria-hidden />}
              onSelect={() => reactivate.submit({ id: agent.id }, () => toast({ variant: "success", title: `${agent.name} can sign in again` }), toastError)}
            >
              Reactivate
            </DropdownMenuItem>
          )}
        </DropdownMenuContent>
      </DropdownMenu>

      <ConfirmDialog
        open={dialog === "deactivate"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={`Deactivate ${agent.name}?`}
        description="They are signed out everywhere at once: their sessions, access tokens and live updates stop immediately, and they can no longer sign in. Conversations assigned to them go back to the unassigned queue. You can reactivate them later."
        confirmLabel="Deactivate"
        destructive
        pending={deactivate.pending}
        error={deactivate.error}
        onConfirm={() =>
          deactivate.submit({ id: agent.id }, () => {
            setDialog(null);
            toast({ variant: "success", title: `${agent.name} deactivated` });
          })
        }
      />
      {dialog === "password" && <ResetPasswordDialog agent={agent} onClose={() => setDialog(null)} />}
      {dialog === "capacity" && <CapacityDialog agent={agent} onClose={() => setDialog(null)} />}
    </>
  );
}

function DisabledWithReason({ reason, icon, children }: { reason: string; icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <Tooltip content={reason} side="left">
      {/* pointer-events back on so the tooltip can open; Radix still blocks selecting it. */}
      <DropdownMenuItem disabled icon={icon} className="data-disabled:pointer-events-auto data-disabled:cursor-not-allowed">
        {children}
        <span className="sr-only"> — {reason}</span>
      </DropdownMenuItem>
    </Tooltip>
  );
}

function ResetPasswordDialog({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(resetPasswordAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    submit({ id: agent.id, password }, () => {
      onClose();
      toast({ variant: "success", title: `Password reset for ${agent.name}`, description: "Share the new password with them privately." });
    });
  }

  return (
    <Dialog open onOpenChange={(o) => !o && !pending && onClose()}>
      <DialogContent
        title={`Reset ${agent.name}'s password`}
        description="Their current sessions and access tokens stop working at once; they sign in again with the new password."
      >
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field label="New password" required error={fieldError("password")} help="At least 8 characters.">
            <Input name="password" type="password" autoComplete="new-password" autoFocus />
          </Field>
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending}>
            Reset password
          </DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The agent's cap on open conversations that auto-assignment respects; an empty field removes it. */
function CapacityDialog({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(setCapacityAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const capacity = capacityFromText(String(new FormData(e.currentTarget).get("capacity") ?? ""));
    submit({ id: agent.id, capacity }, (saved) => {
      onClose();
      toast({
        variant: "success",
        title: saved.capacity === null ? `No limit for ${agent.name}` : `${agent.name}: at most ${saved.capacity} open`,
        description:
          saved.capacity === 0
            ? "Auto-assignment gives them nothing new; they can still take conversations themselves."
            : "Auto-assignment counts their open conversations across all inboxes.",
      });
    });
  }

  return (
    <Dialog open onOpenChange={(o) => !o && !pending && onClose()}>
      <DialogContent
        title={`Capacity of ${agent.name}`}
        description="Auto-assignment stops giving them new conversations once this many open ones are assigned to them, across all inboxes. Pending, snoozed and resolved conversations do not count."
      >
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <Field label="Open conversations at most" error={fieldError("capacity")} help="Leave empty for no limit. 0 means auto-assignment gives them nothing.">
            <Input
              name="capacity"
              inputMode="numeric"
              autoComplete="off"
              placeholder="No limit"
              defaultValue={agent.capacity ?? ""}
              autoFocus
              className="w-32 tabular-nums"
            />
          </Field>
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          <DialogFormFooter pending={pending}>Save capacity</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
