"use client";

import type { ComponentType } from "react";
import type { ChannelType } from "@/components/channel-icon";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/**
 * The per-channel part of the inbox forms. Adding a channel = adding an entry here: `Settings`
 * holds options that may be shown back (create form + General tab), `Credentials` holds secrets
 * (create form + Configuration tab). Inputs are named "channel.<field>".
 */
export type ChannelFieldsProps = {
  mode: "create" | "edit";
  /** Current non-secret values (edit mode). */
  config?: Record<string, unknown>;
  /** Masked stored secrets, e.g. { botToken: "••••abcd" } (edit mode): empty input = keep. */
  masked?: Record<string, string | null>;
  error: (key: string) => string | undefined;
};

type ChannelForm = {
  Settings?: ComponentType<ChannelFieldsProps>;
  Credentials?: ComponentType<ChannelFieldsProps>;
};

function ApiSettings({ config, error }: ChannelFieldsProps) {
  return (
    <Field
      label="Callback URL"
      hint="Optional"
      error={error("channel.callbackUrl")}
      help="Konversio POSTs agents' replies and conversation changes here, signed with the webhook secret. Leave it empty if your app only sends messages in."
    >
      <Input
        name="channel.callbackUrl"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://example.com/konversio/events"
        defaultValue={typeof config?.callbackUrl === "string" ? config.callbackUrl : ""}
      />
    </Field>
  );
}

export const channelForms: Partial<Record<ChannelType, ChannelForm>> = {
  api: { Settings: ApiSettings },
};

export function channelForm(type: string): ChannelForm {
  return channelForms[type as ChannelType] ?? {};
}
