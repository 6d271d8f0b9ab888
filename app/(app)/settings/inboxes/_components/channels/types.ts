/**
 * Props of a channel's form parts. `Settings` holds options that may be shown back (create form +
 * General tab), `Credentials` holds secrets (create form + Configuration tab). Inputs are named
 * "channel.<field>".
 */
export type ChannelFieldsProps = {
  mode: "create" | "edit";
  /** Current non-secret values (edit mode). */
  config?: Record<string, unknown>;
  /** Masked stored secrets, e.g. { botToken: "••••abcd" } (edit mode): empty input = keep. */
  masked?: Record<string, string | null>;
  error: (key: string) => string | undefined;
};

/** Props of a channel's integration guide (the Configuration tab and the finish page). */
export type ChannelHelpProps = {
  /** Null for channels without provider webhooks (the website widget). */
  webhookUrl: string | null;
  config: Record<string, unknown>;
  /** Website inboxes: the snippet to paste into the site. */
  embedCode?: string;
};
