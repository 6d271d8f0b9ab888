"use client";

import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../settings/_components/use-action";
import { updateProfileAction } from "./actions";

type Props = { user: { name: string; email: string } };

export function ProfileForm({ user }: Props) {
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateProfileAction);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    submit({ name: String(new FormData(e.currentTarget).get("name") ?? "") }, () => toast({ variant: "success", title: "Profile saved" }));
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <Card>
        <CardHeader title="Your details" description="Customers never see your email; they may see your name on replies." />
        <CardBody className="grid gap-4 pb-5 sm:grid-cols-2">
          <Field label="Name" required error={fieldError("name")}>
            <Input name="name" autoComplete="name" maxLength={100} defaultValue={user.name} />
          </Field>
          <Field label="Email" help="You sign in with this address.">
            <Input value={user.email} readOnly />
          </Field>
          {error && !fieldErrors && <FormAlert className="sm:col-span-2">{error}</FormAlert>}
        </CardBody>
        <CardFooter>
          <Button type="submit" variant="primary" loading={pending}>
            Save
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}
