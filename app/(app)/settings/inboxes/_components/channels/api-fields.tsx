"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ChannelFieldsProps } from "./types";

export function ApiSettings({ config, error }: ChannelFieldsProps) {
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
