"use client";

import { APP_SECRET_HELP, MetaIdInput, MetaSecretInput } from "./meta-inputs";
import type { ChannelFieldsProps } from "./types";

const API_SETUP = "In the Meta developer dashboard: your app → WhatsApp → API Setup";

export function WhatsappSettings({ config, error }: ChannelFieldsProps) {
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <MetaIdInput
        field="phoneNumberId"
        label="Phone number ID"
        placeholder="106540352242922"
        help={`${API_SETUP}, under the sender number (not the phone number itself).`}
        config={config}
        error={error}
      />
      <MetaIdInput
        field="businessAccountId"
        label="WhatsApp Business Account ID"
        placeholder="102290129340398"
        help={`${API_SETUP}, next to the phone number ID.`}
        config={config}
        error={error}
      />
    </div>
  );
}

export function WhatsappCredentials({ mode, masked, error }: ChannelFieldsProps) {
  return (
    <>
      <MetaSecretInput
        field="accessToken"
        label="Access token"
        help="A permanent token of a system user with the whatsapp_business_messaging permission (Meta Business Suite → Business settings → System users → Generate token). The temporary token on API Setup expires after 24 hours."
        mode={mode}
        masked={masked}
        error={error}
      />
      <MetaSecretInput field="appSecret" label="App secret" help={APP_SECRET_HELP} mode={mode} masked={masked} error={error} />
    </>
  );
}
