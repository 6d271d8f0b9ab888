"use client";

import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { text } from "./config-values";
import type { ChannelFieldsProps } from "./types";

/*
 * The form parts of the three Meta channels (WhatsApp, Messenger, Instagram): numeric Graph ids
 * as settings; an access token and the app secret as credentials, which once stored are shown
 * masked and kept when left empty.
 */

type IdInput = { field: string; label: string; help: ReactNode; placeholder: string };
type SecretInput = { field: string; label: string; help: ReactNode };

function MetaIdInput(p: IdInput & Pick<ChannelFieldsProps, "config" | "error">) {
  return (
    <Field label={p.label} required error={p.error(`channel.${p.field}`)} help={p.help}>
      <Input
        name={`channel.${p.field}`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={p.placeholder}
        defaultValue={text(p.config?.[p.field])}
        className="font-mono"
      />
    </Field>
  );
}

function MetaSecretInput(p: SecretInput & Pick<ChannelFieldsProps, "mode" | "masked" | "error">) {
  const stored = p.mode === "edit" ? p.masked?.[p.field] : null;
  return (
    <Field
      label={p.label}
      required={p.mode === "create"}
      hint={stored ? `Stored: ${stored}` : undefined}
      error={p.error(`channel.${p.field}`)}
      help={p.help}
    >
      <Input
        name={`channel.${p.field}`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={stored ? "Leave empty to keep the stored value" : ""}
        className="font-mono"
      />
    </Field>
  );
}

const appSecret: SecretInput = {
  field: "appSecret",
  label: "App secret",
  help: "In the Meta developer dashboard: your app → App settings → Basic → App secret (click Show). Konversio checks every webhook's signature with it.",
};

function MetaCredentials({ token, mode, masked, error }: { token: SecretInput } & ChannelFieldsProps) {
  return (
    <>
      <MetaSecretInput {...token} mode={mode} masked={masked} error={error} />
      <MetaSecretInput {...appSecret} mode={mode} masked={masked} error={error} />
    </>
  );
}

const WHATSAPP_API_SETUP = "In the Meta developer dashboard: your app → WhatsApp → API Setup";

export function WhatsappSettings({ config, error }: ChannelFieldsProps) {
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <MetaIdInput
        field="phoneNumberId"
        label="Phone number ID"
        placeholder="106540352242922"
        help={`${WHATSAPP_API_SETUP}, under the sender number (not the phone number itself).`}
        config={config}
        error={error}
      />
      <MetaIdInput
        field="businessAccountId"
        label="WhatsApp Business Account ID"
        placeholder="102290129340398"
        help={`${WHATSAPP_API_SETUP}, next to the phone number ID.`}
        config={config}
        error={error}
      />
    </div>
  );
}

export function WhatsappCredentials(props: ChannelFieldsProps) {
  return (
    <MetaCredentials
      token={{
        field: "accessToken",
        label: "Access token",
        help: "A permanent token of a system user with the whatsapp_business_messaging permission (Meta Business Suite → Business settings → System users → Generate token). The temporary token on API Setup expires after 24 hours.",
      }}
      {...props}
    />
  );
}

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

export function FacebookCredentials(props: ChannelFieldsProps) {
  return (
    <MetaCredentials
      token={{
        field: "pageAccessToken",
        label: "Page access token",
        help: "In the Meta developer dashboard: your app → Messenger → Settings → Access tokens → Generate for this Page (needs the pages_messaging permission). A system user's token does not expire.",
      }}
      {...props}
    />
  );
}

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

export function InstagramCredentials(props: ChannelFieldsProps) {
  return (
    <MetaCredentials
      token={{
        field: "accessToken",
        label: "Access token",
        help: "In the Meta developer dashboard: your app → Instagram → API setup → Generate token for the account (needs the instagram_manage_messages permission).",
      }}
      {...props}
    />
  );
}
