"use client";

import type { ComponentProps, ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { text } from "./config-values";
import type { ChannelFieldsProps } from "./types";

type ConfigInputProps = {
  field: string;
  label: string;
  help: ReactNode;
  hint?: ReactNode;
  required?: boolean;
} & Pick<ChannelFieldsProps, "config" | "error"> &
  Omit<ComponentProps<"input">, "name" | "required">;

/**
 * A channel setting "channel.<field>" that may be shown back: its input starts from the stored
 * value in config (unless defaultValue says otherwise) and shows the field's error.
 */
export function ConfigInput({ field, label, help, hint, required, config, error, ...input }: ConfigInputProps) {
  return (
    <Field label={label} required={required} hint={hint} error={error(`channel.${field}`)} help={help}>
      <Input name={`channel.${field}`} autoComplete="off" defaultValue={text(config?.[field])} {...input} />
    </Field>
  );
}
