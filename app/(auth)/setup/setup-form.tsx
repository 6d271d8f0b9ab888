"use client";

import { useActionState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { setupAction, type SetupState } from "./actions";

export function SetupForm() {
  const [state, formAction, pending] = useActionState<SetupState, FormData>(setupAction, {});
  const err = (k: string) => state.fieldErrors?.[k]?.[0];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field label="Your name" error={err("name")}>
        <Input name="name" autoComplete="name" defaultValue={state.values?.name} required autoFocus />
      </Field>
      <Field label="Work email" error={err("email")}>
        <Input name="email" type="email" autoComplete="username" defaultValue={state.values?.email} required />
      </Field>
      <Field label="Password" error={err("password")} help="At least 8 characters.">
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Checkbox name="demo" label="Fill the workspace with demo data" description="A few inboxes, agents, teams and conversations to explore. Demo agents sign in with the password demo-password." />
      {state.error && !state.fieldErrors && (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger-text">
          {state.error}
        </p>
      )}
      <SubmitButton loading={pending} className="w-full">
        Create administrator
      </SubmitButton>
    </form>
  );
}
