import type { FieldErrors } from "@/lib/errors";

/** Finds the server's field errors for one control: its own key, or any key below it ("conditions.0.value.2"). */
export type ErrorLookup = (key: string) => string | undefined;

export function errorLookup(fieldErrors: FieldErrors | undefined): ErrorLookup {
  return (key) => {
    if (!fieldErrors) return undefined;
    if (fieldErrors[key]?.[0]) return fieldErrors[key][0];
    const below = Object.keys(fieldErrors).find((k) => k.startsWith(key + "."));
    return below ? fieldErrors[below]![0] : undefined;
  };
}

/** test-rule answers with keys under "rule." (its body is {rule}); the editor's controls use the bare keys. */
export function withoutRulePrefix(fieldErrors: FieldErrors | undefined): FieldErrors | undefined {
  if (!fieldErrors) return undefined;
  return Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k.replace(/^rule\./, ""), v]));
}

/** Keys the editor shows at a control; anything else goes into the form alert so no error is lost. */
const PLACED = /^(name|description|active|event|match|inboxIds|conditions|actions|stopProcessing|oncePerConversation)(\.|$)/;
export const unplacedErrors = (fieldErrors: FieldErrors | undefined) =>
  Object.entries(fieldErrors ?? {})
    .filter(([k]) => !PLACED.test(k))
    .flatMap(([k, v]) => v.map((m) => (k === "_" ? m : `${k}: ${m}`)));
