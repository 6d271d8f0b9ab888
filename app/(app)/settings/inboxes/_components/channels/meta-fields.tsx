"use client";

import type { ReactNode } from "react";
import { ConfigInput } from "./config-input";
import { SecretInput } from "./secret-input";
import type { ChannelFieldsProps } from "./types";

/*
 * The form parts of the three Meta channels (WhatsApp, Messenger, Instagram): numeric Graph ids
 * as settings; an access token and the app secret as credentials, which once stored are shown
 * masked and kept when left empty.
 */

type IdInput = { field: string; label: string; help: ReactNode; placeholder: string };
type SecretSpec = { field: string; label: string; help: ReactNode };

function MetaIdInput(p: IdInput & Pick<ChannelFieldsProps, "config" | "error">) {
  return <ConfigInput {...p} required inputMode="numeric" spellCheck={false} className="font-mono" />;
}

/** Meta secrets show the masked stored value as a hint; the placeholder only then says "empty keeps it". */
function MetaSecretInput(p: SecretSpec & Pick<ChannelFieldsProps, "mode" | "masked" | "error">) {
  return (
    <SecretInput
      {...p}
      showStored
      autoComplete="off"
      placeholder={(stored) => (stored ? "Leave empty to keep the stored value" : "")}
      className="font-mono"
    />
  );
}

const appSecret: SecretSpec = {
  field: "appSecret",
  label: "App secret",
  help: "In the Meta developer dashboard: your app → App settings → Basic → App secret (click Show). Konversio checks every webhook's signature with it.",
};

/**
 * The three channels differ only in their Graph ids and the name of their token, so each one's
 * Settings and Credentials are made from those.
 */
function metaSettings(ids: [IdInput] | [IdInput, IdInput]) {
  return function MetaSettings({ config, error }: ChannelFieldsProps) {
    const inputs = ids.map((id) => <MetaIdInput key={id.field} {...id} config={config} error={error} />);
    // Two ids sit side by side; a single one takes the row.
    return inputs.length > 1 ? <div className="grid gap-5 sm:grid-cols-2">{inputs}</div> : inputs[0];
  };
}

function metaCredentials(token: SecretSpec, secret: SecretSpec = appSecret) {
  return function MetaCredentials({ mode, masked, error }: ChannelFieldsProps) {
    return (
      <>
        <MetaSecretInput {...token} mode={mode} masked={masked} error={error} />
        <MetaSecretInput {...secret} mode={mode} masked={masked} error={error} />
      </>
    );
  };
}

const WHATSAPP_API_SETUP = "In the Meta developer dashboard: your app → WhatsApp → API Setup";

export const WhatsappSettings = metaSettings([
  {
    field: "phoneNumberId",
    label: "Phone number ID",
    placeholder: "106540352242922",
    help: `${WHATSAPP_API_SETUP}, under the sender number (not the phone number itself).`,
  },
  {
    field: "businessAccountId",
    label: "WhatsApp Business Account ID",
    placeholder: "102290129340398",
    help: `${WHATSAPP_API_SETUP}, next to the phone number ID.`,
  },
]);

export const WhatsappCredentials = metaCredentials({
  field: "accessToken",
  label: "Access token",
  help: "A permanent token of a system user with the whatsapp_business_messaging permission (Meta Business Suite → Business settings → System users → Generate token). The temporary token on API Setup expires after 24 hours.",
});

export const FacebookSettings = metaSettings([
  {
    field: "pageId",
    label: "Page ID",
    placeholder: "104719215632190",
    help: "On your Facebook Page: About → Page transparency, or Meta Business Suite → Settings → Business assets → Pages.",
  },
]);

export const FacebookCredentials = metaCredentials({
  field: "pageAccessToken",
  label: "Page access token",
  help: "In the Meta developer dashboard: your app → Messenger → Settings → Access tokens → Generate for this Page (needs the pages_messaging permission). A system user's token does not expire.",
});

export const InstagramSettings = metaSettings([
  {
    field: "instagramId",
    label: "Instagram account ID",
    placeholder: "17841405822304914",
    help: "In the Meta developer dashboard: your app → Instagram → API setup, next to the connected professional account (not the @username).",
  },
]);

// The Instagram API with Instagram Login has its own token and app secret, not the Facebook app's.
export const InstagramCredentials = metaCredentials(
  {
    field: "accessToken",
    label: "Instagram User access token",
    help: "In the Meta developer dashboard: your app → Instagram → API setup with Instagram business login → Generate token next to the account (it starts with IG; needs the instagram_business_manage_messages permission).",
  },
  {
    field: "appSecret",
    label: "Instagram app secret",
    help: "On the same page: Instagram app secret (not the app secret under App settings → Basic). Konversio checks every webhook's signature with it.",
  },
);
