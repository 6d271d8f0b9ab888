"use client";

import { APP_SECRET_HELP, MetaIdInput, MetaSecretInput } from "./meta-inputs";
import type { ChannelFieldsProps } from "./types";

export function FacebookSettings({ config, error }: ChannelFieldsProps) {
  return (
    <MetaIdInput
      field="pageId"
      label="Page ID"
      placeholder="104719215632190"
      help="On your Facebook Page: About → Page transparency, or Meta Business Suite → Settings → Business assets → Pages."
      config={config}
      error={error}
    />
  );
}

export function FacebookCredentials({ mode, masked, error }: ChannelFieldsProps) {
  return (
    <>
      <MetaSecretInput
        field="pageAccessToken"
        label="Page access token"
        help="In the Meta developer dashboard: your app → Messenger → Settings → Access tokens → Generate for this Page (needs the pages_messaging permission). A system user's token does not expire."
        mode={mode}
        masked={masked}
        error={error}
      />
      <MetaSecretInput field="appSecret" label="App secret" help={APP_SECRET_HELP} mode={mode} masked={masked} error={error} />
    </>
  );
}
