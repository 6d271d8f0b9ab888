"use client";

import { useEffect, useRef } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CardFormFooter } from "@/components/ui/card-form-footer";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { formToNested, useAction } from "../settings/_components/use-action";
import { changePasswordAction } from "./actions";

export function PasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const params = useSearchParams();
  const announced = useRef(false);

  useEffect(() => {
    if (params.get("password") !== "changed" || announced.current) return;
    announced.current = true;
    toast({ variant: "success", title: "Password changed", description: "You were signed out on every other device." });
    router.replace("/profile", { scroll: false });
  }, [params, router, toast]);
  const { pending, error, fieldErrors, fieldError, submit } = useAction(changePasswordAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // On success the action signs this browser back in and redirects to /profile?password=changed.
    submit(formToNested(new FormData(e.currentTarget)));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Card>
        <CardHeader title="Password" description="Changing it signs you out on every other device and ends API logins. Your personal access token keeps working." />
        <CardBody className="flex flex-col gap-4 pb-5">
          {/* Lets password managers tie the new password to the right account. */}
          <input type="text" name="username" autoComplete="username" value={email} hidden readOnly />
          <Field label="Current password" required error={fieldError("currentPassword")} className="sm:max-w-[calc(50%-0.5rem)]">
            <Input name="currentPassword" type="password" autoComplete="current-password" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="New password" required error={fieldError("newPassword")} help="At least 8 characters.">
              <Input name="newPassword" type="password" autoComplete="new-password" />
            </Field>
            <Field label="Confirm new password" required error={fieldError("confirmPassword")}>
              <Input name="confirmPassword" type="password" autoComplete="new-password" />
            </Field>
          </div>
          {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
        </CardBody>
        <CardFormFooter pending={pending}>Change password</CardFormFooter>
      </Card>
    </form>
  );
}
