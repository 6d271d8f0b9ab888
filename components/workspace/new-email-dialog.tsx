"use client";

import { useQueryClient } from "@tanstack/react-query";
import { SquarePen } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useGuardedDialog } from "@/components/ui/use-guarded-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { addressesIn } from "./addresses";
import { ApiError, qk, startConversation } from "./api";
import { useFilters } from "./filters";
import type { NavInbox } from "./types";

type Errors = Partial<Record<"inboxId" | "to" | "name" | "cc" | "subject" | "content", string>>;

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The server's field errors, one message per field ("cc.2" counts as cc). */
function fieldErrors(e: ApiError): Errors {
  const out: Errors = {};
  for (const [key, messages] of Object.entries(e.fields ?? {})) {
    const field = key.split(".")[0] as keyof Errors;
    out[field] ??= messages[0];
  }
  return out;
}

/**
 * Write first: a new mail to a customer from one of the agent's email inboxes. Opens the new
 * conversation once the mail is queued (its delivery shows on the message like any reply).
 */
export function NewEmailDialog({ inboxes, defaultInboxId }: { inboxes: NavInbox[]; defaultInboxId?: string }) {
  const router = useRouter();
  const qc = useQueryClient();
  const { toast } = useToast();
  const { conversationHref } = useFilters();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const { open, setOpen, onOpenChange } = useGuardedDialog(pending, () => {
    setErrors({});
    setProblem(null);
  });
  const form = useRef<HTMLFormElement>(null);
  const initialInbox = inboxes.find((i) => i.id === defaultInboxId)?.id ?? inboxes[0]?.id;

  async function submit() {
    if (pending || !form.current) return;
    const data = new FormData(form.current);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const cc = addressesIn(text("cc"));
    const local: Errors = {};
    if (!text("to")) local.to = "Enter the customer's email address";
    if (cc.invalid.length) local.cc = `“${cc.invalid[0]}” is not an email address; separate addresses with commas`;
    if (!text("subject")) local.subject = "Write a subject";
    if (!text("content")) local.content = "Write a message";
    setErrors(local);
    setProblem(null);
    if (Object.keys(local).length) return;
    setPending(true);
    try {
      const conv = await startConversation({
        inboxId: text("inboxId"),
        to: text("to"),
        name: text("name") || undefined,
        cc: cc.valid,
        subject: text("subject"),
        content: text("content"),
      });
      void qc.invalidateQueries({ queryKey: qk.lists });
      setOpen(false);
      toast({ variant: "success", title: "Email on its way", description: `#${conv.number} to ${conv.contact.email ?? text("to")}` });
      router.push(conversationHref(conv.number));
    } catch (e) {
      if (e instanceof ApiError && e.fields) setErrors(fieldErrors(e));
      else setProblem(e instanceof Error ? e.message : "The email could not be sent. Please try again.");
    } finally {
      setPending(false);
    }
  }

  const mod = isMac() ? "⌘" : "Ctrl";
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label="New email" title="New email (C): write to a customer first" data-new-email="">
          <SquarePen aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent title="New email" description="Start a conversation by writing to a customer. Their answer lands in this conversation." size="lg">
        <form
          ref={form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          onInput={(e) => {
            // Editing a field clears what was said about it.
            const name = (e.target as HTMLInputElement).name as keyof Errors;
            if (errors[name]) setErrors(({ [name]: _fixed, ...rest }) => rest);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void submit();
            }
          }}
          className="flex flex-col gap-3"
        >
          <div className="flex flex-col gap-3">
            {inboxes.length > 0 && (
              <Field label="From" error={errors.inboxId}>
                <Select name="inboxId" defaultValue={initialInbox}>
                  {inboxes.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <div className="grid gap-3 sm:grid-cols-[3fr_2fr]">
              <Field label="To" required error={errors.to}>
                <Input name="to" type="email" inputMode="email" autoComplete="off" spellCheck={false} placeholder="name@example.com" autoFocus />
              </Field>
              <Field label="Name" hint="Optional" error={errors.name}>
                <Input name="name" autoComplete="off" maxLength={255} placeholder="Kim Lee" />
              </Field>
            </div>
            <Field label="Cc" hint="Optional" error={errors.cc}>
              <Input name="cc" autoComplete="off" spellCheck={false} placeholder="Separate several addresses with commas" />
            </Field>
            <Field label="Subject" required error={errors.subject}>
              <Input name="subject" autoComplete="off" maxLength={500} />
            </Field>
            <Field label="Message" required error={errors.content} help={`The inbox's signature is added below · ${mod}+Enter sends`}>
              <Textarea name="content" rows={5} maxLength={20_000} />
            </Field>
            {problem && <FormAlert>{problem}</FormAlert>}
          </div>
          <DialogFormFooter pending={pending}>Send</DialogFormFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
