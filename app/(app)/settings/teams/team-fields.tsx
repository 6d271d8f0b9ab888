import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

/** Name + description, shared by the create dialog and the team page. */
export function TeamFields({ error, defaults, autoFocus }: { error: (key: string) => string | undefined; defaults?: { name: string; description: string }; autoFocus?: boolean }) {
  return (
    <>
      <Field label="Name" required error={error("name")}>
        <Input name="name" autoComplete="off" maxLength={80} defaultValue={defaults?.name} autoFocus={autoFocus} placeholder="e.g. Billing" />
      </Field>
      <Field label="Description" hint="Optional" error={error("description")}>
        <Textarea name="description" rows={2} maxLength={500} defaultValue={defaults?.description} placeholder="What this team handles" />
      </Field>
    </>
  );
}
