"use client";

import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ChannelFieldsProps } from "./types";

/*
 * The inputs the three Meta channels (WhatsApp, Messenger, Instagram) share: a numeric Graph id
 * and a secret (token or app secret) that, once stored, is shown masked and kept when left empty.
 */

export function MetaIdInput(p: { field: string; label: string; help: ReactNode; placeholder: string } & Pick<ChannelFieldsProps, "config" | "error">) {
  return (
    <Field label={p.label} required error={p.error(`channel.${p.field}`)} help={p.help}>
      <Input
        name={`channel.${p.field}`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={p.placeholder}
        defaultValue={typeof p.config?.[p.field] === "string" ? (p.config[p.field] as string) : ""}
        className="font-mono"
      />
    </Field>
  );
}

export function MetaSecretInput(p: { field: string; label: string; help: ReactNode } & Pick<ChannelFieldsProps, "mode" | "masked" | "error">) {
  const stored = p.mode === "edit" ? p.masked?.[p.field] : null;
  return (
    <Field
      label={p.label}
      required={p.mode === "create"}
      hint={stored ? `Stored: ${stored}` : undefined}
      error={p.error(`channel.${p.field}`)}
      help={p.help}
    >
      <Input
        name={`channel.${p.field}`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={stored ? "Leave empty to keep the stored value" : ""}
        className="font-mono"
      />
    </Field>
  );
}

export const APP_SECRET_HELP =
  "In the Meta developer dashboard: your app → App settings → Basic → App secret (click Show). Konversio checks every webhook's signature with it.";
