"use client";

import { ConfigInput } from "./config-input";
import { text } from "./config-values";
import { SecretInput } from "./secret-input";
import type { ChannelFieldsProps } from "./types";


/** Where every value below is found. */
const CONSOLE = "LINE Developers console → your Messaging API channel";

export function LineSettings({ mode, config, error }: ChannelFieldsProps) {
  const botName = text(config?.botName);
  const basicId = text(config?.basicId);
  return (
    <>
      <ConfigInput
        field="channelId"
        label="Channel ID"
        required
        help={`${CONSOLE} → Basic settings → Channel ID.`}
        inputMode="numeric"
        spellCheck={false}
        placeholder="1234567890"
        maxLength={32}
        className="font-mono"
        config={config}
        error={error}
      />
      {mode === "edit" && (botName || basicId) && (
        <p className="text-sm text-fg-muted">
          Connected to the LINE Official Account <span className="font-medium text-fg">{botName || basicId}</span>
          {botName && basicId && <> ({basicId})</>}. Customers add it as a friend to write to you.
        </p>
      )}
    </>
  );
}

/** A LINE secret: once stored, its masked value is the placeholder and an empty input keeps it. */
function LineSecret(p: { field: string; label: string; help: string; maxLength: number; example: string } & Pick<ChannelFieldsProps, "mode" | "masked" | "error">) {
  // Named one by one: callers spread all of ChannelFieldsProps (config too), which must not reach the <input>.
  return (
    <SecretInput
      field={p.field}
      label={p.label}
      help={p.help}
      mode={p.mode}
      masked={p.masked}
      error={p.error}
      maxLength={p.maxLength}
      autoComplete="off"
      placeholder={(stored) => (stored ? `${stored} — leave empty to keep` : p.example)}
      className="font-mono"
    />
  );
}

export function LineCredentials(props: ChannelFieldsProps) {
  return (
    <>
      <LineSecret
        field="channelSecret"
        label="Channel secret"
        help={`${CONSOLE} → Basic settings → Channel secret. LINE signs every webhook with it.`}
        maxLength={128}
        example="32 characters, e.g. 0a1b2c3d…"
        {...props}
      />
      <LineSecret
        field="channelAccessToken"
        label="Channel access token"
        help={`${CONSOLE} → Messaging API → Channel access token (long-lived); press Issue if there is none. Checked with LINE before saving.`}
        maxLength={2000}
        example="A long token ending in …="
        {...props}
      />
    </>
  );
}
