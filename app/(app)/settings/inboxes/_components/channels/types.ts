import type { ComponentType } from "react";

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

export type ChannelForm = {
  Settings?: ComponentType<ChannelFieldsProps>;
  Credentials?: ComponentType<ChannelFieldsProps>;
};
