"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ChannelFieldsProps } from "./types";

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Where every value below is found. */
const CONSOLE = "LINE Developers console → your Messaging API channel";

export function LineSettings({ mode, config, error }: ChannelFieldsProps) {
  const botName = str(config?.botName);
  const basicId = str(config?.basicId);
  return (
    <>
      <Field
        label="Channel ID"
        required
        error={error("channel.channelId")}
        help={`${CONSOLE} → Basic settings → Channel ID.`}
      >
        <Input
          name="channel.channelId"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder="1234567890"
          maxLength={32}
          defaultValue={str(config?.channelId)}
          className="font-mono"
        />
      </Field>
      {mode === "edit" && (botName || basicId) && (
        <p className="text-sm text-fg-muted">
          Connected to the LINE Official Account <span className="font-medium text-fg">{botName || basicId}</span>
          {botName && basicId && <> ({basicId})</>}. Customers add it as a friend to write to you.
        </p>
      )}
    </>
  );
}

export function LineCredentials({ mode, masked, error }: ChannelFieldsProps) {
  const keep = (field: string) => (mode === "edit" && masked?.[field] ? `${masked[field]} — leave empty to keep` : undefined);
  return (
    <>
      <Field
        label="Channel secret"
        required={mode === "create"}
        error={error("channel.channelSecret")}
        help={`${CONSOLE} → Basic settings → Channel secret. LINE signs every webhook with it.`}
      >
        <Input
          name="channel.channelSecret"
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={128}
          placeholder={keep("channelSecret") ?? "32 characters, e.g. 0a1b2c3d…"}
          className="font-mono"
        />
      </Field>
      <Field
        label="Channel access token"
        required={mode === "create"}
        error={error("channel.channelAccessToken")}
        help={`${CONSOLE} → Messaging API → Channel access token (long-lived); press Issue if there is none. Checked with LINE before saving.`}
      >
        <Input
          name="channel.channelAccessToken"
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={2000}
          placeholder={keep("channelAccessToken") ?? "A long token ending in …="}
          className="font-mono"
        />
      </Field>
    </>
  );
}
