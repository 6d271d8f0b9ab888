import type { ComponentType } from "react";
import type { ChannelFieldsProps, ChannelHelpProps } from "./types";

/** A value Konversio generates for the integrator, as the settings pages label and explain it. */
export type GeneratedValueMeta = {
  key: string;
  label: string;
  help: string;
  secret?: boolean;
  /** What regenerating it breaks, when the generic warning (signed requests rejected) is wrong. */
  regenerateWarning?: string;
};

/**
 * Who finishes the connection: the admin's own code, the admin in the provider's console (pasting
 * the webhook URL), nobody (Konversio registered the webhook itself), the admin's website (embed
 * code) or nobody either (Konversio reads the mailbox).
 */
export type ChannelSetup = "integration" | "provider-console" | "automatic" | "embed" | "mailbox";

/**
 * Everything the inbox settings show about one channel. Plain data and functions (usable from
 * server pages); the form parts come from "use client" modules, the guide is a server-safe component.
 */
export type ChannelUi = {
  /** One line on the "Add inbox" card. */
  description: string;
  /** One line under the inbox's name: the address, number or URL that identifies the connection. */
  detail(config: Record<string, unknown>): string;
  /** Values Konversio generates, in the order an integrator needs them. */
  generated: readonly GeneratedValueMeta[];
  setup: ChannelSetup;
  /** Options that may be shown back: create form and General tab. */
  Settings?: ComponentType<ChannelFieldsProps>;
  /** Secrets: create form and Configuration tab. */
  Credentials?: ComponentType<ChannelFieldsProps>;
  /** How to wire the provider or the integrator's code to the inbox. */
  Help?: ComponentType<ChannelHelpProps>;
};

type ChannelUiInput = Omit<ChannelUi, "generated" | "setup"> & Partial<Pick<ChannelUi, "generated" | "setup">>;

/** A channel's UI record, with the defaults: nothing generated, finished by the integrator's code. */
export function defineChannelUi(ui: ChannelUiInput): ChannelUi {
  return { generated: [], setup: "integration", ...ui };
}
