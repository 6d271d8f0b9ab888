"use client";

import { APP_SECRET_HELP, MetaIdInput, MetaSecretInput } from "./meta-inputs";
import type { ChannelFieldsProps } from "./types";

export function InstagramSettings({ config, error }: ChannelFieldsProps) {
  return (
    <MetaIdInput
      field="instagramId"
      label="Instagram account ID"
      placeholder="17841405822304914"
      help="In the Meta developer dashboard: your app → Instagram → API setup, next to the connected professional account (not the @username)."
      config={config}
      error={error}
    />
  );
}

export function InstagramCredentials({ mode, masked, error }: ChannelFieldsProps) {
  return (
    <>
      <MetaSecretInput
        field="accessToken"
        label="Access token"
        help="In the Meta developer dashboard: your app → Instagram → API setup → Generate token for the account (needs the instagram_manage_messages permission)."
        mode={mode}
        masked={masked}
        error={error}
      />
      <MetaSecretInput field="appSecret" label="App secret" help={APP_SECRET_HELP} mode={mode} masked={masked} error={error} />
    </>
  );
}
