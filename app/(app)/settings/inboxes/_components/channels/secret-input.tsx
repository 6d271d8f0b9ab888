"use client";

import type { ComponentProps, ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ChannelFieldsProps } from "./types";

type Stored = string | null | undefined;

type SecretInputProps = {
  field: string;
  label: string;
  help: ReactNode;
  /** Show "Stored: <masked>" next to the label once a value is stored. */
  showStored?: boolean;
  /** Channels word the "empty keeps it" placeholder differently, some around the masked value. */
  placeholder?: string | ((stored: Stored) => string);
} & Pick<ChannelFieldsProps, "mode" | "masked" | "error"> &
  Omit<ComponentProps<"input">, "name" | "type" | "required" | "placeholder">;

/**
 * A channel credential "channel.<field>": a password input, required only on the create form
 * (in edit mode an empty value keeps the stored secret, whose masked value comes in `masked`).
 */
export function SecretInput({ field, label, help, showStored, placeholder, mode, masked, error, ...input }: SecretInputProps) {
  // Only edit mode has something stored; the create form stores nothing yet.
  const stored = mode === "edit" ? masked?.[field] : null;
  return (
    <Field
      label={label}
      required={mode === "create"}
      hint={showStored && stored ? `Stored: ${stored}` : undefined}
      error={error(`channel.${field}`)}
      help={help}
    >
      <Input
        name={`channel.${field}`}
        type="password"
        spellCheck={false}
        placeholder={typeof placeholder === "function" ? placeholder(stored) : placeholder}
        {...input}
      />
    </Field>
  );
}
