"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ChannelFieldsProps } from "./types";

/** The one credential of a Telegram inbox: the bot token from @BotFather. */
export function TelegramCredentials({ mode, masked, error }: ChannelFieldsProps) {
  const stored = masked?.botToken;
  return (
    <Field
      label="Bot token"
      required={mode === "create"}
      hint={mode === "edit" && stored ? `Stored: ${stored}` : undefined}
      error={error("channel.botToken")}
      help={
        mode === "edit" ? (
          "Paste a new token after revoking the old one in @BotFather, or a token for another bot. Leave empty to keep the stored token."
        ) : (
          <>
            In Telegram, open{" "}
            <a href="https://t.me/BotFather" target="_blank" rel="noreferrer" className="text-accent-text underline underline-offset-2 hover:decoration-2">
              @BotFather
            </a>
            : send <code className="font-mono text-[0.85em]">/newbot</code> for a new bot, or{" "}
            <code className="font-mono text-[0.85em]">/mybots</code> → your bot → API Token for an existing one, and copy
            the token. Konversio then registers its webhook with Telegram for you.
          </>
        )
      }
    >
      <Input
        name="channel.botToken"
        type="password"
        autoComplete="off"
        spellCheck={false}
        data-1p-ignore
        className="font-mono placeholder:font-sans"
        placeholder={mode === "edit" ? "Leave empty to keep the stored token" : "123456789:AAE…"}
      />
    </Field>
  );
}
